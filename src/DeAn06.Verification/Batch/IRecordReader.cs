namespace DeAn06.Verification.Batch;

/// <summary>Reads a batch file line by line; a bad line is rejected alone, a bad file throws <see cref="BatchFileException"/>.</summary>
internal interface IRecordReader
{
    IAsyncEnumerable<LineResult> ReadAsync(TextReader reader, CancellationToken ct);
}
