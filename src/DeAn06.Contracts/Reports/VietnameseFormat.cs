using System.Globalization;

namespace DeAn06.Contracts.Reports;

/// <summary>Numbers as the provincial reports write them: dot for thousands, comma for decimals ("310.080", "99,87 %").</summary>
public static class VietnameseFormat
{
    public static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    /// <summary>
    /// The share to two decimals, cut rather than rounded, as the reports do (310.080/310.462 is
    /// "99,87 %", not 99,88): a rate shows 100,00 % only when every record matched.
    /// </summary>
    public static string Percent(long part, long whole)
    {
        if (whole <= 0)
        {
            return "—";
        }

        long hundredths = (long)((Int128)part * 10_000 / whole);
        return string.Create(CultureInfo.InvariantCulture, $"{hundredths / 100},{hundredths % 100:D2} %");
    }
}
