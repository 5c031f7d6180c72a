using System.Collections.Concurrent;
using DeAn06.Gateway.MessageLog;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Quotas;

/// <summary>
/// Batch jobs a consumer may submit per day (Vietnam time). A submission reserves one of the day's
/// jobs before its upload is forwarded (check and count in one step, under the day's lock, so
/// parallel submissions cannot all pass the check) and gives it back unless the upstream accepts the
/// job (202). The first count of a day is read from the message log, so a restart does not hand out
/// a fresh quota.
/// </summary>
internal sealed class BatchQuota(IOptions<MessageLogOptions> log, TimeProvider time)
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private readonly ConcurrentDictionary<(string Client, DateOnly Day), QuotaDay> _days = new();

    /// <summary>Jobs accepted or reserved today.</summary>
    public int Used(string client) => Day(client).Used;

    /// <summary>Takes one of today's jobs for <paramref name="client"/>, or null when all <paramref name="limit"/> are taken.</summary>
    public QuotaReservation? TryReserve(string client, int limit) => Day(client).TryTake(limit) is { } day ? new QuotaReservation(day) : null;

    /// <summary>Until the next local midnight, when the quota renews.</summary>
    public TimeSpan UntilRenewal()
    {
        DateTimeOffset now = time.GetUtcNow().ToOffset(Vietnam);
        return new DateTimeOffset(now.Date.AddDays(1), Vietnam) - now;
    }

    private QuotaDay Day(string client)
    {
        DateOnly today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Vietnam).DateTime);
        if (_days.TryGetValue((client, today), out QuotaDay? day))
        {
            return day;
        }

        // A new day for this client: yesterday's counts are no longer needed (a reservation still in
        // flight holds its own day and gives back there).
        foreach ((string Client, DateOnly Day) old in _days.Keys.Where(k => k.Client == client && k.Day < today))
        {
            _days.TryRemove(old, out _);
        }

        return _days.GetOrAdd((client, today), key => new QuotaDay(() => FromLog(key.Client, key.Day)));
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
