using System.Numerics;
using System.Text;
using System.Text.Json;
using DeAn06.TimeStamping.Issuing;
using Microsoft.Extensions.Options;

namespace DeAn06.TimeStamping.Journal;

/// <summary>
/// Every token the TSA issued, one JSON line each, appended and flushed to disk before the token is
/// handed out: a token that exists is always in the journal. Serial numbers continue across restarts.
/// This is what lets an auditor tell that a gateway's log lost seals the TSA stamped.
/// </summary>
internal sealed class TokenJournal : IDisposable
{
    private readonly FileStream _file;
    private BigInteger _lastSerial;

    public TokenJournal(IOptions<TimeStampingOptions> options)
    {
        string path = Path.GetFullPath(options.Value.JournalPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path).Where(l => l.Length > 0))
            {
                JournalEntry entry = JsonSerializer.Deserialize(line, JournalJson.Default.JournalEntry)!;
                _lastSerial = BigInteger.Max(_lastSerial, new BigInteger(Convert.FromHexString(entry.Serial), isUnsigned: true, isBigEndian: true));
            }
        }

        // Append only: the journal is never rewritten, and another process cannot write into it meanwhile.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        FilePath = path;
    }

    public string FilePath { get; }

    /// <summary>Guards serial allocation and appending: tokens are journalled in serial order.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The next serial number (call under <see cref="Gate"/>).</summary>
    public byte[] NextSerial()
    {
        _lastSerial++;
        return _lastSerial.ToByteArray(isUnsigned: false, isBigEndian: true); // positive, DER INTEGER content
    }

    /// <summary>Appends and flushes to disk (call under <see cref="Gate"/>).</summary>
    public void Append(JournalEntry entry)
    {
        byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, JournalJson.Default.JournalEntry) + "\n");
        _file.Write(line);
        _file.Flush(flushToDisk: true);
    }

    /// <summary>The journal's lines, optionally only one requester's.</summary>
    public IEnumerable<string> Read(string? requester)
    {
        using var reader = new StreamReader(new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && (requester is null || JsonSerializer.Deserialize(line, JournalJson.Default.JournalEntry)!.Requester == requester))
            {
                yield return line;
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
