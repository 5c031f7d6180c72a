using System.Buffers;

namespace DeAn06.Client;

/// <summary>One part of a batch file: UTF-8 bytes in a pooled buffer, given back on dispose.</summary>
internal sealed class BatchPart(byte[] buffer, int length, int records) : IDisposable
{
    private byte[]? _buffer = buffer;

    /// <summary>Records (lines) in the part, the CSV header not counted.</summary>
    public int Records { get; } = records;

    public ReadOnlyMemory<byte> Bytes => (_buffer ?? throw new ObjectDisposedException(nameof(BatchPart))).AsMemory(0, length);

    /// <summary>The bytes as a body, without copying them.</summary>
    public HttpContent ToContent() => new ReadOnlyMemoryContent(Bytes);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
