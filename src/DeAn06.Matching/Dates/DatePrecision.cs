namespace DeAn06.Matching.Dates;

/// <summary>How much of a birth date is known.</summary>
public enum DatePrecision : byte
{
    /// <summary>Nothing (absent or unreadable).</summary>
    None = 0,

    /// <summary>Only the year.</summary>
    Year = 1,

    /// <summary>Day, month and year.</summary>
    Day = 2,
}
