using DeAn06.Verification.Storage;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Batch;

/// <summary>
/// The records of chunks this service has just stored from an upload, as parsed, kept until a worker
/// of this service claims the chunk: the worker checks them from memory instead of reading and
/// re-parsing them from the store. The stored copy stays what counts (it makes a 202 durable, and a
/// chunk claimed by another service, re-claimed after a lost lease or after a restart is read from
/// the store), so this is only a shortcut: a chunk missing here is read as before. Bounded by
/// <see cref="BatchOptions.ParsedRecordsInMemory"/> records; when full, later chunks are not kept
/// (chunks are claimed oldest first, so the ones kept are the next to be checked).
/// </summary>
internal sealed class ParsedChunks(IOptions<BatchOptions> options)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<(long Job, long FirstLine), InputRecord[]> _chunks = [];
    private long _records;

    /// <summary>Records held now (for tests and diagnostics).</summary>
    public long Records
    {
        get
        {
            lock (_lock)
            {
                return _records;
            }
        }
    }

    /// <summary>Keeps a chunk the store has just committed (call after the commit, never before).</summary>
    public void Add(long job, IReadOnlyList<InputRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_records + records.Count > options.Value.ParsedRecordsInMemory)
            {
                return;
            }

            _chunks[(job, records[0].Line)] = [.. records];
            _records += records.Count;
        }
    }

    /// <summary>
    /// The claimed chunk's records if this service still holds them exactly (same first and last line),
    /// and forgets them. Chunks before it are forgotten too: they were claimed already, here or elsewhere.
    /// </summary>
    public IReadOnlyList<InputRecord>? TryTake(ChunkLease chunk)
    {
        var key = (chunk.Job.Number, chunk.FirstLine);
        lock (_lock)
        {
            InputRecord[]? found = null;
            while (_chunks.Count > 0)
            {
                var (first, records) = _chunks.First();
                if (first.CompareTo(key) > 0)
                {
                    break;
                }

                _chunks.Remove(first);
                _records -= records.Length;
                if (first == key)
                {
                    found = records;
                }
            }

            return found is [.., var last] && last.Line == chunk.LastLine ? found : null;
        }
    }

    /// <summary>Forgets a job's chunks (its upload failed, or its owner erased it).</summary>
    public void Forget(long job)
    {
        lock (_lock)
        {
            foreach (var key in _chunks.Keys.Where(k => k.Job == job).ToList())
            {
                _records -= _chunks[key].Length;
                _chunks.Remove(key);
            }
        }
    }
}
