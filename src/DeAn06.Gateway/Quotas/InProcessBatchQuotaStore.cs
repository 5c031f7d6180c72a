using System.Collections.Concurrent;
using DeAn06.Gateway.MessageLog;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Quotas;

/// <summary>
/// The embedded default: counts in this process, per consumer and day, under the day's lock. A day's
/// first count is read from the message log (jobs the upstream accepted), so a restart does not hand
/// out a fresh quota. Each gateway counts alone: with N gateways a consumer gets up to N × its quota.
/// </summary>
internal sealed class InProcessBatchQuotaStore(IOptions<MessageLogOptions> log) : IBatchQuotaStore
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private readonly ConcurrentDictionary<(string Client, DateOnly Day), QuotaDay> _days = new();

    public ValueTask<bool> TryTakeAsync(string client, DateOnly day, int limit, CancellationToken ct) => ValueTask.FromResult(Day(client, day).TryTake(limit) is not null);

    public ValueTask GiveBackAsync(string client, DateOnly day, CancellationToken ct)
    {
        // The day it was taken from, even after midnight; a day already forgotten has nothing to give back to.
        if (_days.TryGetValue((client, day), out QuotaDay? d))
        {
            d.GiveBack();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<int> UsedAsync(string client, DateOnly day, CancellationToken ct) => ValueTask.FromResult(Day(client, day).Used);

    private QuotaDay Day(string client, DateOnly day)
    {
        if (_days.TryGetValue((client, day), out QuotaDay? known))
        {
            return known;
        }

        // A new day for this client: earlier days' counts are no longer needed (a reservation still in
        // flight gives back to its own day, which is then gone: nothing left to count against).
        foreach ((string Client, DateOnly Day) old in _days.Keys.Where(k => k.Client == client && k.Day < day))
        {
            _days.TryRemove(old, out _);
        }

        return _days.GetOrAdd((client, day), key => new QuotaDay(() => FromLog(key.Client, key.Day)));
    }

    private int FromLog(string client, DateOnly day)
    {
        if (!File.Exists(log.Value.SqlitePath))
        {
            return 0;
        }

        // Counted by what the route said (service batch, POST, 202), never by the path's spelling:
        // the job-submission route is the only batch route that takes POST.
        long from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Vietnam).ToUnixTimeMilliseconds();
        using SqliteConnection c = MessageLogStore.Open(log.Value.SqlitePath, create: false);
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM message_log WHERE client = $client AND service = 'batch' AND method = 'POST' AND status = 202 AND time >= $from AND time < $to";
        cmd.Parameters.AddWithValue("$client", client);
        cmd.Parameters.AddWithValue("$from", from);
        cmd.Parameters.AddWithValue("$to", from + (long)TimeSpan.FromDays(1).TotalMilliseconds);
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
