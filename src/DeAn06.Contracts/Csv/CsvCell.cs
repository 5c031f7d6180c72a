using System.Globalization;

namespace DeAn06.Contracts.Csv;

/// <summary>
/// Writes one CSV cell (RFC 4180) that a spreadsheet will not run as a formula. Following OWASP's
/// advice on CSV injection, a cell starting with =, +, -, @, tab or carriage return (or their
/// full-width forms, which some spreadsheets also read as formulas) gets a leading single quote and
/// is quoted, so <c>=HYPERLINK(…)</c> shows as text. A plain number with a minus sign (<c>-12.5</c>)
/// is kept as it is: it cannot carry a formula, and a report's figures stay numbers.
/// </summary>
public static class CsvCell
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    private static readonly char[] NeedsQuotes = [',', '"', '\n', '\r'];

    public static string Encode(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        bool formula = Array.IndexOf(FormulaStarts, value[0]) >= 0 && !IsNegativeNumber(value);
        if (formula)
        {
            value = "'" + value;
        }

        return formula || value.IndexOfAny(NeedsQuotes) >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    private static bool IsNegativeNumber(string value) =>
        value[0] == '-' && value.Length > 1 && char.IsAsciiDigit(value[1])
        && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
}
