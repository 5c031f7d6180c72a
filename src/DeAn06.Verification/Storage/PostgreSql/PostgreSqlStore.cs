using DeAn06.Matching.Comparison;
using DeAn06.Matching.Ids;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace DeAn06.Verification.Storage.PostgreSql;

/// <summary>
/// Jobs, results and statistics in a PostgreSQL database that several verification services share.
/// Chunks are claimed with FOR UPDATE SKIP LOCKED under a lease the owner renews; a chunk's results,
/// its counts and the job's progress commit in one transaction guarded by the chunk's done mark, so a
/// chunk done twice is stored and counted once. The schema is migrated on first use (see
/// <see cref="PostgreSqlMigrator"/>), which the worker's start-up triggers.
/// </summary>
internal sealed partial class PostgreSqlStore : IJobStore, IStatisticsStore, IAsyncDisposable
{
    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _migration = new(1, 1);
    private volatile bool _migrated;

    // Built on first use, so start-up validation reports every invalid setting before anything reads them.
    public PostgreSqlStore(IOptions<StorageOptions> options, TimeProvider time)
    {
        _time = time;
        _dataSource = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(options.Value.ConnectionString!));
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync();
        }

        _migration.Dispose();
    }

    public async Task<JobRecord> CreateJobAsync(string sector, string province, string policy, string format, string? idempotencyKey, CancellationToken ct)
    {
        string id = "job-" + Guid.NewGuid().ToString("N")[..16];
        DateTimeOffset now = _time.GetUtcNow();
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null,
            "INSERT INTO jobs (public_id, sector, province, policy, format, status, created_at, upload_seen_at, idempotency_key) " +
            "VALUES (@id, @sector, @province, @policy, @format, 0, @now, @now, @key) RETURNING number",
            ("id", id), ("sector", sector), ("province", province), ("policy", policy), ("format", format), ("now", now), ("key", idempotencyKey));
        long number = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return new JobRecord(number, id, sector, province, policy, format, JobStatus.Uploading, 0, 0, 0, 0, now, null, null, idempotencyKey, null);
    }

    public async Task<JobRecord?> FindByIdempotencyKeyAsync(string sector, string key, CancellationToken ct) =>
        await SingleJobAsync("WHERE sector = @a AND idempotency_key = @b AND status NOT IN (0, 5)", sector, key, ct);

    public async Task<JobRecord?> GetJobAsync(string id, CancellationToken ct) =>
        await SingleJobAsync("WHERE public_id = @a", id, null, ct);

    public async Task AppendAsync(long job, IReadOnlyList<InputRecord> records, IReadOnlyList<ResultRow> rejected, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(ct);
        if (records.Count > 0)
        {
            // Binary COPY: the fastest way in, and new lines cannot conflict with anything stored.
            await using (NpgsqlBinaryImporter copy = await c.BeginBinaryImportAsync(
                "COPY job_records (job, line, id_text, name, birth_date, gender, reference) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (InputRecord r in records)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(job, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(r.Line, NpgsqlDbType.Bigint, ct);
                    await WriteTextAsync(copy, r.Id, ct);
                    await WriteTextAsync(copy, r.Name, ct);
                    await WriteTextAsync(copy, r.BirthDate, ct);
                    await WriteTextAsync(copy, r.Gender, ct);
                    await WriteTextAsync(copy, r.Reference, ct);
                }

                await copy.CompleteAsync(ct);
            }

            await using NpgsqlCommand chunk = Command(c, tx, "INSERT INTO job_chunks (job, first_line, last_line, size) VALUES (@job, @first, @last, @size)",
                ("job", job), ("first", records[0].Line), ("last", records[^1].Line), ("size", records.Count));
            await chunk.ExecuteNonQueryAsync(ct);
        }

        await InsertResultsAsync(c, tx, job, rejected, ct);
        await using (NpgsqlCommand seen = Command(c, tx, "UPDATE jobs SET upload_seen_at = @now WHERE number = @job", ("now", _time.GetUtcNow()), ("job", job)))
        {
            await seen.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    public async Task CompleteUploadAsync(long job, long total, long rejected, IReadOnlyList<string> notCompared, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        // A job with no record to check (every line rejected) has nothing to wait for.
        await using NpgsqlCommand cmd = Command(c, null,
            "UPDATE jobs SET status = CASE WHEN @total = 0 THEN 3 ELSE 1 END, total = @total, rejected = @rejected, not_compared = @notCompared, " +
            "started_at = CASE WHEN @total = 0 THEN @now END, completed_at = CASE WHEN @total = 0 THEN @now END WHERE number = @job",
            ("total", total), ("rejected", rejected), ("notCompared", notCompared.ToArray()), ("now", _time.GetUtcNow()), ("job", job));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteJobAsync(long job, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null,
            "DELETE FROM job_records WHERE job = @job; DELETE FROM job_results WHERE job = @job; DELETE FROM job_chunks WHERE job = @job; DELETE FROM jobs WHERE number = @job",
            ("job", job));
        await cmd.ExecuteNonQueryAsync(ct); // several statements in one command run in one implicit transaction
    }

    public async Task EraseJobAsync(long job, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        // The idempotency key goes too: the sector may submit the same file again as a new job.
        await using NpgsqlCommand cmd = Command(c, null,
            "DELETE FROM job_records WHERE job = @job; DELETE FROM job_results WHERE job = @job; DELETE FROM job_chunks WHERE job = @job; " +
            "UPDATE jobs SET status = 5, idempotency_key = NULL, failure = NULL, completed_at = @now WHERE number = @job",
            ("job", job), ("now", _time.GetUtcNow()));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<int> PurgeRecordsAsync(DateTimeOffset finishedBefore, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null,
            "WITH due AS (SELECT number FROM jobs WHERE status IN (3, 4) AND completed_at <= @before AND EXISTS (SELECT 1 FROM job_records WHERE job = jobs.number)), " +
            "gone AS (DELETE FROM job_records WHERE job IN (SELECT number FROM due)) SELECT count(*) FROM due",
            ("before", finishedBefore));
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<int> RemoveInterruptedUploadsAsync(TimeSpan idleFor, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null,
            "WITH gone AS (DELETE FROM jobs WHERE status = 0 AND upload_seen_at < @cutoff RETURNING number), " +
            "r AS (DELETE FROM job_records WHERE job IN (SELECT number FROM gone)), " +
            "s AS (DELETE FROM job_results WHERE job IN (SELECT number FROM gone)), " +
            "k AS (DELETE FROM job_chunks WHERE job IN (SELECT number FROM gone)) SELECT count(*) FROM gone",
            ("cutoff", _time.GetUtcNow() - idleFor));
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task SetStatusAsync(long job, JobStatus status, string? failure, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null,
            "UPDATE jobs SET status = @status, failure = @failure, started_at = COALESCE(started_at, @now), " +
            "completed_at = CASE WHEN @status IN (3, 4) THEN @now ELSE completed_at END WHERE number = @job AND status <> 5",
            ("status", (short)status), ("failure", failure), ("now", _time.GetUtcNow()), ("job", job));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        if (!_migrated)
        {
            await _migration.WaitAsync(ct);
            try
            {
                if (!_migrated)
                {
                    await PostgreSqlMigrator.MigrateAsync(_dataSource.Value, ct);
                    _migrated = true;
                }
            }
            finally
            {
                _migration.Release();
            }
        }

        return await _dataSource.Value.OpenConnectionAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.Add(value switch
            {
                null => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = DBNull.Value },
                _ => new NpgsqlParameter(name, value),
            });
        }

        return cmd;
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static MatchLevel? Level(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : (MatchLevel)r.GetInt16(i);

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    private const string ResultColumns =
        "SELECT line, verdict, masked_id, name_level, date_level, gender_level, cmnd_level, differing, id_rule, score, reference, candidates, name_score, date_score, gender_score, cmnd_score ";

    private static ResultRow ReadResult(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), Text(r, 2), Level(r, 3), Level(r, 4), Level(r, 5), Level(r, 6),
            (MatchField)r.GetInt32(7), (IdRule)r.GetInt32(8), r.GetFloat(9), Text(r, 10), Text(r, 11),
            new FieldScores(r.GetFloat(12), r.GetFloat(13), r.GetFloat(14), r.GetFloat(15)));
}
