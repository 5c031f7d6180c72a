using System.Globalization;

namespace DeAn06.Verification.Statistics;

/// <summary>Numbers as the provincial reports write them: dot for thousands, comma for decimals ("310.080", "99,87 %").</summary>
public static class VietnameseFormat
{
    public static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.');

    public static string Percent(long part, long whole) =>
        whole == 0 ? "—" : (100.0 * part / whole).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',') + " %";
}
