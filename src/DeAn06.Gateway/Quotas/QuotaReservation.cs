namespace DeAn06.Gateway.Quotas;

/// <summary>One job taken from a day's quota; disposing it gives the job back unless it was kept.</summary>
internal sealed class QuotaReservation : IAsyncDisposable
{
    private readonly IBatchQuotaStore _store;
    private readonly string _client;
    private readonly DateOnly _day;
    private int _settled;

    internal QuotaReservation(IBatchQuotaStore store, string client, DateOnly day) => (_store, _client, _day) = (store, client, day);

    /// <summary>The upstream accepted the job: it counts for good.</summary>
    public void Keep() => Interlocked.Exchange(ref _settled, 1);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            // Not the request's token: an aborted upload must still give its job back.
            await _store.GiveBackAsync(_client, _day, CancellationToken.None);
        }
    }
}
