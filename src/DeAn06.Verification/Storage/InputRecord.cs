namespace DeAn06.Verification.Storage;

/// <summary>One accepted input line of a batch, as sent.</summary>
public sealed record InputRecord(long Line, string? Id, string? Name, string? BirthDate, string? Gender, string? Reference);
