namespace DeAn06.Gateway.Quotas;

/// <summary>One job taken from a day's quota; disposing it gives the job back unless it was kept.</summary>
internal sealed class QuotaReservation : IDisposable
{
    private readonly QuotaDay _day;
    private int _settled;

    internal QuotaReservation(QuotaDay day) => _day = day;

    /// <summary>The upstream accepted the job: it counts for good.</summary>
    public void Keep() => Interlocked.Exchange(ref _settled, 1);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _day.GiveBack();
        }
    }
}
