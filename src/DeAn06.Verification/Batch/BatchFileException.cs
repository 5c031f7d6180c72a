namespace DeAn06.Verification.Batch;

/// <summary>The whole file is unusable (bad header, empty): answered with problem+json, no job created.</summary>
internal sealed class BatchFileException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
