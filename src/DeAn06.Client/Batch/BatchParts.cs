using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace DeAn06.Client;

/// <summary>
/// Splits a batch file into parts of a number of records as it reads it, one part in memory at a
/// time: each part is signed whole and the gateway caps signed bodies (64 MiB by default), so a file
/// of millions of records goes as several jobs. CSV parts each start with the file's header line;
/// empty NDJSON lines are skipped; line ends become <c>\n</c>.
/// </summary>
internal static class BatchParts
{
    /// <summary>Records per part. The default value is 400,000 (about 30 MB of CSV).</summary>
    public const int DefaultLinesPerPart = 400_000;

    public static async IAsyncEnumerable<BatchPart> ReadAsync(Stream file, bool csv, int linesPerPart, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfLessThan(linesPerPart, 1);
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        string? header = null;
        if (csv)
        {
            header = await reader.ReadLineAsync(ct).ConfigureAwait(false);
            if (header is null)
            {
                yield break;
            }
        }

        var part = new PartWriter(header);
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (!csv && line.Length == 0)
            {
                continue;
            }

            part.Append(line);
            if (part.Records == linesPerPart)
            {
                yield return part.Complete();
                part = new PartWriter(header);
            }
        }

        if (part.Records > 0)
        {
            yield return part.Complete();
        }
        else
        {
            part.Complete().Dispose();
        }
    }

    /// <summary>Builds one part's UTF-8 bytes in a pooled buffer that grows by doubling.</summary>
    private sealed class PartWriter
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        private int _length;

        public PartWriter(string? header)
        {
            if (header is not null)
            {
                Write(header);
            }
        }

        public int Records { get; private set; }

        public void Append(string line)
        {
            Write(line);
            Records++;
        }

        public BatchPart Complete() => new(_buffer, _length, Records);

        private void Write(string line)
        {
            int needed = _length + Encoding.UTF8.GetMaxByteCount(line.Length) + 1;
            if (needed > _buffer.Length)
            {
                byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            _length += Encoding.UTF8.GetBytes(line, _buffer.AsSpan(_length));
            _buffer[_length++] = (byte)'\n';
        }
    }
}
