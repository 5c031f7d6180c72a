using Microsoft.Extensions.Options;

namespace DeAn06.PopulationDb.Journal;

/// <summary>
/// The last <see cref="JournalOptions.Capacity"/> citizen-API calls with their answers, in a ring:
/// memory stays bounded however long the simulator runs. Read back through GET /admin/journal.
/// </summary>
public sealed class RequestJournal(IOptions<JournalOptions> options)
{
    /// <summary>An entry keeps at most this many numbers of a bulk call (and their count).</summary>
    public const int MaxNumbersPerEntry = 10;

    private readonly JournalEntry?[] _ring = new JournalEntry?[options.Value.Capacity];
    private readonly Lock _gate = new();
    private long _sequence;

    public int Capacity => _ring.Length;

    public long Next() => Interlocked.Increment(ref _sequence);

    public void Add(JournalEntry entry)
    {
        lock (_gate)
        {
            _ring[(entry.Sequence - 1) % _ring.Length] = entry;
        }
    }

    /// <summary>The last <paramref name="count"/> entries, oldest first.</summary>
    public IReadOnlyList<JournalEntry> Last(int count)
    {
        lock (_gate)
        {
            // Entries are written when their answer ends, so the ring is ordered by slot, not by write.
            return _ring.Where(e => e is not null).Select(e => e!).OrderBy(e => e.Sequence).TakeLast(count).ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_ring);
        }
    }
}
