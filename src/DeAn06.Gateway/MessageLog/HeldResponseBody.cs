using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// The response body as the application writes it, held back from the client until the message log
/// has the exchange. An answer up to <c>limit</c> bytes is held whole, and sent by
/// <see cref="SendAsync"/> once its entry has committed. A larger one (job results, hundreds of MB)
/// is not held in memory: before its first byte goes out, <c>begin</c> commits a "begun" entry;
/// then bytes flow, always one byte behind, and <see cref="ReleaseLastAsync"/> sends the last byte
/// only after the entry completing the exchange has committed. So a client never holds a whole
/// answer whose full entry could still be lost.
/// </summary>
internal sealed class HeldResponseBody(IHttpResponseBodyFeature client, int limit, Func<Task<bool>> begin) : Stream
{
    private byte[] _buffer = [];
    private int _length;
    private IncrementalHash? _hash;
    private long _streamed;
    private byte _last;
    private bool _holdsLast;

    /// <summary>The answer outgrew the limit and is going out (its "begun" entry is committed).</summary>
    public bool Streaming => _hash is not null;

    /// <summary>The "begun" entry could not be committed: nothing was sent, writes fail until <see cref="Discard"/>.</summary>
    public bool Refused { get; private set; }

    /// <summary>Bytes of the answer written so far.</summary>
    public long Bytes => Streaming ? _streamed : _length;

    public override bool CanRead => false;

    // Seekable while held, as the MemoryStream a buffered answer usually is: Response.Clear() (error
    // handlers, YARP's 502 after a failed upstream body) then drops what was written.
    public override bool CanSeek => !Streaming;

    public override bool CanWrite => true;

    public override long Length => Bytes;

    public override long Position { get => Bytes; set => throw new NotSupportedException(); }

    /// <summary>Lowercase hex SHA-256 of the answer written so far.</summary>
    public string Hash() => Convert.ToHexStringLower(_hash is { } running ? running.GetCurrentHash() : SHA256.HashData(_buffer.AsSpan(0, _length)));

    /// <summary>Drops a held answer (to answer something else instead).</summary>
    public void Discard()
    {
        if (Streaming)
        {
            throw new InvalidOperationException("The answer is already going out.");
        }

        _length = 0;
        Refused = false;
    }

    /// <summary>Sends a held answer whole.</summary>
    public async Task SendAsync(CancellationToken ct)
    {
        if (_length > 0)
        {
            await client.Writer.WriteAsync(_buffer.AsMemory(0, _length), ct);
        }
    }

    /// <summary>Sends a streamed answer's last byte.</summary>
    public async Task ReleaseLastAsync(CancellationToken ct)
    {
        if (_holdsLast)
        {
            _holdsLast = false;
            await client.Writer.WriteAsync(new[] { _last }, ct);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Refused)
        {
            throw new IOException("The message log is unavailable: the answer is withheld.");
        }

        if (!Streaming && _length + buffer.Length <= limit)
        {
            Hold(buffer.Span);
            return;
        }

        if (!Streaming)
        {
            if (!await begin())
            {
                Refused = true;
                throw new IOException("The message log is unavailable: the answer is withheld.");
            }

            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await client.StartAsync(cancellationToken);
            Pass(_buffer.AsSpan(0, _length));
            ReturnBuffer();
        }

        Pass(buffer.Span);
        await client.Writer.FlushAsync(cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous writes are refused by Kestrel unless enabled; where enabled, they work here too.
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    // Held or streamed, bytes go out on this class's terms: an application's flush sends nothing early.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void SetLength(long value)
    {
        if (Streaming || value != 0)
        {
            throw new NotSupportedException("Only a held answer can be dropped, and only whole.");
        }

        _length = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReturnBuffer();
            _hash?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Hold(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, Math.Max(_length + data.Length, Math.Max(4096, _buffer.Length * 2))));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    /// <summary>Sends the byte held back so far and all of <paramref name="data"/> but its last byte, which it holds back.</summary>
    private void Pass(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _hash!.AppendData(data);
        _streamed += data.Length;
        PipeWriter writer = client.Writer;
        if (_holdsLast)
        {
            writer.Write(new ReadOnlySpan<byte>(in _last));
        }

        writer.Write(data[..^1]);
        _last = data[^1];
        _holdsLast = true;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
        _length = 0;
    }
}
