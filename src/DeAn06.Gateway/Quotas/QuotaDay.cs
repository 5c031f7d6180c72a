namespace DeAn06.Gateway.Quotas;

/// <summary>One consumer's count for one day: accepted jobs plus reservations still in flight.</summary>
internal sealed class QuotaDay(Func<int> initial)
{
    private readonly Lock _gate = new();
    private int? _used;

    public int Used
    {
        get
        {
            lock (_gate)
            {
                return _used ??= initial();
            }
        }
    }

    /// <summary>Check and count in one step; null when the day's jobs are all taken.</summary>
    public QuotaDay? TryTake(int limit)
    {
        lock (_gate)
        {
            int used = _used ??= initial();
            if (used >= limit)
            {
                return null;
            }

            _used = used + 1;
            return this;
        }
    }

    public void GiveBack()
    {
        lock (_gate)
        {
            _used = Math.Max(0, (_used ?? 0) - 1);
        }
    }
}
