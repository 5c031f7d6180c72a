using System.Collections.Concurrent;
using DeAn06.Gateway.MessageLog;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Quotas;

/// <summary>
/// Batch jobs a consumer may submit per day (Vietnam time). Counts accepted submissions (202); the
/// first count of a day is read from the message log, so a restart does not hand out a fresh quota.
/// </summary>
public sealed class BatchQuota(IOptions<MessageLogOptions> log, TimeProvider time)
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private readonly ConcurrentDictionary<(string Client, DateOnly Day), int> _used = new();

    public int Used(string client) => _used.GetOrAdd((client, Today()), key => FromLog(key.Client, key.Day));

    public void Accepted(string client) => _used.AddOrUpdate((client, Today()), key => FromLog(key.Client, key.Day) + 1, (_, n) => n + 1);

    /// <summary>Until the next local midnight, when the quota renews.</summary>
    public TimeSpan UntilRenewal()
    {
        DateTimeOffset now = time.GetUtcNow().ToOffset(Vietnam);
        return new DateTimeOffset(now.Date.AddDays(1), Vietnam) - now;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Vietnam).DateTime);

    private int FromLog(string client, DateOnly day)
    {
        if (!File.Exists(log.Value.SqlitePath))
        {
            return 0;
        }

        long from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Vietnam).ToUnixTimeMilliseconds();
        using SqliteConnection c = MessageLogStore.Open(log.Value.SqlitePath, create: false);
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM message_log WHERE client = $client AND service = 'batch' AND method = 'POST' AND path = '/api/v1/jobs' AND status = 202 AND time >= $from AND time < $to";
        cmd.Parameters.AddWithValue("$client", client);
        cmd.Parameters.AddWithValue("$from", from);
        cmd.Parameters.AddWithValue("$to", from + (long)TimeSpan.FromDays(1).TotalMilliseconds);
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
