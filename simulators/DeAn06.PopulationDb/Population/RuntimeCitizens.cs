using System.Collections.Concurrent;

namespace DeAn06.PopulationDb.Population;

/// <summary>
/// Citizens added through the admin API beside the generated population, answered by the single and
/// bulk look-ups. Bounded (<see cref="MaxCount"/>); empty costs the look-ups one volatile read.
/// </summary>
public sealed class RuntimeCitizens
{
    /// <summary>At most this many runtime citizens.</summary>
    public const int MaxCount = 10_000;

    private readonly ConcurrentDictionary<long, RuntimeCitizen> _byId = new();
    private readonly ConcurrentDictionary<int, RuntimeCitizen> _byCmnd = new();
    private readonly Lock _gate = new();

    public int Count => _byId.Count;

    public IEnumerable<RuntimeCitizen> All => _byId.Values.OrderBy(c => c.Id);

    /// <summary>The runtime citizen with this number (12-digit ID, or 9-digit CMND when <paramref name="isCmnd"/>).</summary>
    public RuntimeCitizen? Find(long number, bool isCmnd)
    {
        if (_byId.IsEmpty)
        {
            return null;
        }

        return isCmnd ? _byCmnd.GetValueOrDefault((int)number) : _byId.GetValueOrDefault(number);
    }

    /// <summary>Adds the citizen; false when its ID or CMND is taken or <see cref="MaxCount"/> is reached.</summary>
    public bool TryAdd(RuntimeCitizen citizen)
    {
        lock (_gate)
        {
            if (_byId.Count >= MaxCount || _byId.ContainsKey(citizen.Id) || (citizen.Cmnd != 0 && _byCmnd.ContainsKey(citizen.Cmnd)))
            {
                return false;
            }

            if (citizen.Cmnd != 0)
            {
                _byCmnd[citizen.Cmnd] = citizen;
            }

            _byId[citizen.Id] = citizen;
            return true;
        }
    }

    public bool Remove(long id)
    {
        lock (_gate)
        {
            if (!_byId.TryRemove(id, out RuntimeCitizen? removed))
            {
                return false;
            }

            _byCmnd.TryRemove(removed.Cmnd, out _);
            return true;
        }
    }
}
