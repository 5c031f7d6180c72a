using System.Buffers;
using DeAn06.Gateway.MessageLog;

namespace DeAn06.Gateway.Tests.MessageLog;

/// <summary>
/// The writer hashes an entry's canonical text from UTF-8 written straight into a reused buffer; the
/// verifier and the audit hash <see cref="LogEntry.Canonical"/>. Both must give the same hash, byte
/// for byte, or the chain the writer makes would not verify.
/// </summary>
public sealed class LogEntryHashTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 45, 1, 234, TimeSpan.Zero);

    public static TheoryData<LogEntry> Entries() =>
    [
        new LogEntry(At, "0HNB1", "BHXH", "verify", "POST", "/api/v1/verify", 200, 3.14159, new string('a', 64), 123, new string('b', 64), 456, "MIIB+/==", "MIIC/+=="),
        // Nulls, escapes in every escaped field, non-ASCII text, a latency with no decimals, large numbers.
        new LogEntry(At, "id|with\\bars", null, null, "GET", "/ops/Đắk Lắk|x\\y", 404, 0, new string('c', 64), 0, new string('d', 64), long.MaxValue),
        new LogEntry(DateTimeOffset.UnixEpoch, "|", "client\\", "serv|ice", "DELETE", "\\", 503, 12345.6789, "", -1, "", 0, "", ""),
        new LogEntry(At, "r", "Nguyễn", "s", "PUT", "/", 201, 0.0005, "e", 1, "f", 2, new string('Q', 20_000), null),
    ];

    [Theory]
    [MemberData(nameof(Entries))]
    public void HashChained_EqualsTheHashOfTheCanonicalText(LogEntry entry)
    {
        var scratch = new ArrayBufferWriter<byte>(16);
        foreach (var (seq, previous) in new[] { (1L, MessageLogStore.Genesis), (long.MaxValue, new string('9', 64)) })
        {
            Assert.Equal(LogEntry.Hash(entry.Canonical(seq, previous)), entry.HashChained(seq, previous, scratch));
        }
    }

    [Fact]
    public void HashChained_ScratchReusedAcrossEntries_SameHashes()
    {
        var scratch = new ArrayBufferWriter<byte>();
        LogEntry[] once = [.. ((IEnumerable<object[]>)Entries()).Select(row => (LogEntry)row[0])];
        LogEntry[] entries = [.. once, .. once.Reverse()];
        string previous = MessageLogStore.Genesis;
        for (int i = 0; i < entries.Length; i++)
        {
            string expected = LogEntry.Hash(entries[i].Canonical(i + 1, previous));
            Assert.Equal(expected, entries[i].HashChained(i + 1, previous, scratch));
            previous = expected;
        }
    }
}
