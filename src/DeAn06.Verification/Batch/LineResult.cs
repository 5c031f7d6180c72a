using DeAn06.Verification.Storage;

namespace DeAn06.Verification.Batch;

/// <summary>One input line read: a record, or why it was rejected.</summary>
internal readonly record struct LineResult(long Line, InputRecord? Record, string? Rejection);
