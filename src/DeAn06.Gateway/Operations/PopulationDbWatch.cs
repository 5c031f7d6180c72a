namespace DeAn06.Gateway.Operations;

/// <summary>
/// Since when the population DB has been reachable or not, as the operators' page last saw it (the
/// status strip says "không kết nối được từ 07:42"). The gateway keeps the moment of the last change.
/// </summary>
internal sealed class PopulationDbWatch(TimeProvider time)
{
    private readonly Lock _gate = new();
    private bool? _reachable;
    private DateTimeOffset _since;

    /// <summary>Records what was just seen; returns since when it has been so.</summary>
    public DateTimeOffset Observe(bool reachable)
    {
        lock (_gate)
        {
            if (_reachable != reachable)
            {
                _reachable = reachable;
                _since = time.GetUtcNow();
            }

            return _since;
        }
    }
}
