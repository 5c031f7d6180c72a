namespace DeAn06.Matching.Dates;

/// <summary>
/// A birth date with its precision. Parses, without allocation: dd/MM/yyyy, d/M/yyyy, dd-MM-yyyy,
/// dd.MM.yyyy, yyyy-MM-dd, yyyyMMdd and yyyy. A slashed date whose second part exceeds 12 is read
/// as MM/dd (some systems write it so).
/// </summary>
public readonly record struct BirthDate(int Year, int Month, int Day, DatePrecision Precision)
{
    /// <summary>No date.</summary>
    public static BirthDate None => default;

    /// <summary>A year-only date.</summary>
    public static BirthDate YearOnly(int year) => new(year, 0, 0, DatePrecision.Year);

    /// <summary>True when nothing is known.</summary>
    public bool IsNone => Precision == DatePrecision.None;

    /// <summary>01/01/yyyy: often a placeholder for an unknown day and month.</summary>
    public bool IsJanuaryFirst => Precision == DatePrecision.Day && Month == 1 && Day == 1;

    /// <summary>yyyyMMdd as a number (yyyy0000 for a year-only date).</summary>
    public int Number => (Year * 10000) + (Month * 100) + Day;

    /// <summary>Parses <paramref name="text"/>; false (and <see cref="None"/>) when it is not a real date.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out BirthDate date)
    {
        date = default;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        Span<int> parts = stackalloc int[3];
        Span<int> widths = stackalloc int[3];
        int count = 0;
        int value = 0;
        int width = 0;
        char separator = '\0';
        foreach (char c in text)
        {
            if (c is >= '0' and <= '9')
            {
                value = (value * 10) + (c - '0');
                width++;
                if (width > 8)
                {
                    return false;
                }

                continue;
            }

            if (c is not ('/' or '-' or '.') || width == 0 || count == 2 || (separator != '\0' && c != separator))
            {
                return false;
            }

            separator = c;
            parts[count] = value;
            widths[count++] = width;
            value = width = 0;
        }

        if (width == 0)
        {
            return false;
        }

        parts[count] = value;
        widths[count++] = width;
        if (count == 1)
        {
            return widths[0] switch
            {
                4 => Make(parts[0], 0, 0, out date),
                8 => Make(parts[0] / 10000, parts[0] / 100 % 100, parts[0] % 100, out date),
                _ => false,
            };
        }

        if (count != 3)
        {
            return false;
        }

        if (widths[0] == 4)
        {
            return widths[1] <= 2 && widths[2] <= 2 && Make(parts[0], parts[1], parts[2], out date);
        }

        if (widths[2] != 4 || widths[0] > 2 || widths[1] > 2)
        {
            return false;
        }

        // Vietnamese order is day/month/year; a "month" above 12 means the writer used month/day.
        return parts[1] > 12 && parts[0] <= 12
            ? Make(parts[2], parts[0], parts[1], out date)
            : Make(parts[2], parts[1], parts[0], out date);
    }

    private static bool Make(int year, int month, int day, out BirthDate date)
    {
        date = default;
        if (year is < 1850 or > 2200)
        {
            return false;
        }

        if (month == 0 && day == 0)
        {
            date = YearOnly(year);
            return true;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new BirthDate(year, month, day, DatePrecision.Day);
        return true;
    }
}
