using System.Globalization;

namespace DeAn06.Contracts.Reports;

/// <summary>Numbers and dates as the provincial reports write them: dot for thousands, comma for decimals ("310.080", "99,87 %"), dd/MM/yyyy.</summary>
public static class VietnameseFormat
{
    public static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    /// <summary>
    /// The share to two decimals, cut rather than rounded, as the reports do (310.080/310.462 is
    /// "99,87 %", not 99,88): a rate shows 100,00 % only when every record matched. See <see cref="MatchRate"/>.
    /// </summary>
    public static string Percent(long part, long whole)
    {
        if (whole <= 0)
        {
            return "—";
        }

        long hundredths = MatchRate.Hundredths(part, whole);
        return string.Create(CultureInfo.InvariantCulture, $"{hundredths / 100},{hundredths % 100:D2} %");
    }

    /// <summary>Seconds with one decimal and a decimal comma ("2,0 s").</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',') + " s";

    /// <summary>A date as dd/MM/yyyy.</summary>
    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// A day kept as yyyy-MM-dd (statistics' storage and machine formats) written dd/MM/yyyy; anything
    /// else as it is.
    /// </summary>
    public static string Day(string isoDay) =>
        DateOnly.TryParseExact(isoDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d) ? Date(d) : isoDay;
}
