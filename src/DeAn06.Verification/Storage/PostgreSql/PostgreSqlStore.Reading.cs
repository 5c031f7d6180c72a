using System.Runtime.CompilerServices;
using Npgsql;

namespace DeAn06.Verification.Storage.PostgreSql;

/// <summary>Reading jobs and results.</summary>
internal sealed partial class PostgreSqlStore
{
    public async IAsyncEnumerable<ResultRow> ReadResultsAsync(long job, bool rejectedOnly, [EnumeratorCancellation] CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null,
            ResultColumns + "FROM job_results WHERE job = @job" + (rejectedOnly ? " AND verdict = 'REJECTED'" : "") + " ORDER BY line", ("job", job));
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            yield return ReadResult(r);
        }
    }

    public async Task<IReadOnlyList<JobRecord>> RecentJobsAsync(int limit, CancellationToken ct) =>
        await JobsAsync($"WHERE status NOT IN (0, 5) ORDER BY number DESC LIMIT {Math.Clamp(limit, 1, 500)}", null, null, ct);

    public async Task<IReadOnlyList<(JobRecord Job, ResultRow Result)>> SampleResultsAsync(string verdict, string? sector, string? province, int limit, CancellationToken ct)
    {
        var jobs = await JobsAsync("WHERE (@a::text IS NULL OR sector = @a) AND (@b::text IS NULL OR province = @b) AND status NOT IN (0, 5) ORDER BY number DESC LIMIT 200", sector, province, ct);
        var samples = new List<(JobRecord, ResultRow)>();
        await using NpgsqlConnection c = await OpenAsync(ct);
        foreach (JobRecord job in jobs)
        {
            await using NpgsqlCommand cmd = Command(c, null,
                ResultColumns + "FROM job_results WHERE job = @job AND verdict = @verdict ORDER BY line LIMIT @limit",
                ("job", job.Number), ("verdict", verdict), ("limit", (long)(limit - samples.Count)));
            await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                samples.Add((job, ReadResult(r)));
            }

            if (samples.Count >= limit)
            {
                break;
            }
        }

        return samples;
    }

    private async Task<JobRecord?> SingleJobAsync(string where, string a, string? b, CancellationToken ct) =>
        await JobsAsync(where, a, b, ct) is [var first, ..] ? first : null;

    private async Task<IReadOnlyList<JobRecord>> JobsAsync(string where, string? a, string? b, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null,
            "SELECT number, public_id, sector, province, policy, format, status, total, rejected, processed, last_line, created_at, started_at, completed_at, idempotency_key, failure, not_compared FROM jobs " + where,
            ("a", a), ("b", b));
        var jobs = new List<JobRecord>();
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            jobs.Add(new JobRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), (JobStatus)r.GetInt16(6),
                r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), Time(r, 11)!.Value, Time(r, 12), Time(r, 13), Text(r, 14), Text(r, 15))
            {
                NotCompared = r.IsDBNull(16) ? [] : r.GetFieldValue<string[]>(16),
            });
        }

        return jobs;
    }
}
