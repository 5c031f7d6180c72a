using System.Security.Cryptography;

namespace DeAn06.Gateway.MessageLog;

/// <summary>Passes bytes through (read or write) while hashing and counting them.</summary>
internal sealed class HashingStream(Stream inner) : Stream
{
    // One spare hash per thread: creating an IncrementalHash sets up an OpenSSL digest context (and a
    // finalizable handle) for every request; a finished one is reset and can serve the next.
    [ThreadStatic]
    private static IncrementalHash? t_spare;

    private readonly IncrementalHash _hash = Rent();
    private bool _reset = true;
    private bool _disposed;

    public long Bytes { get; private set; }

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Bytes; set => throw new NotSupportedException(); }

    public string Finish()
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        _hash.GetHashAndReset(hash);
        _reset = true;
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The hash of the bytes so far, leaving the hash running.</summary>
    public string Current() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override int Read(byte[] buffer, int offset, int count) => Seen(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken);
        return Seen(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Seen(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Seen(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true; // handed on below: never twice
            if (!_reset)
            {
                _hash.GetHashAndReset(stackalloc byte[SHA256.HashSizeInBytes]);
                _reset = true;
            }

            if (t_spare is null)
            {
                t_spare = _hash;
            }
            else
            {
                _hash.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static IncrementalHash Rent()
    {
        IncrementalHash? spare = t_spare;
        t_spare = null;
        return spare ?? IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    private int Seen(ReadOnlySpan<byte> data)
    {
        _reset = false;
        _hash.AppendData(data);
        Bytes += data.Length;
        return data.Length;
    }
}
