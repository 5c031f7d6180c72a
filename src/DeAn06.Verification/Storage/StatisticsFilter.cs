namespace DeAn06.Verification.Storage;

/// <summary>Which counts to read; null means any.</summary>
public sealed record StatisticsFilter(string? Sector = null, string? Province = null, string? FromDay = null, string? ToDay = null, string? Source = null);
