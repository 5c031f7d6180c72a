using System.Globalization;
using System.Runtime.CompilerServices;
using DeAn06.Matching.Comparison;
using DeAn06.Matching.Ids;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Storage;

/// <summary>
/// Jobs and statistics in one SQLite file (WAL): the embedded default, for one process. Chunks are
/// claimed under leases as in <see cref="PostgreSql.PostgreSqlStore"/>, so the worker is the same for both.
/// </summary>
internal sealed class SqliteStore : IJobStore, IStatisticsStore
{
    private readonly Lazy<string> _connectionString;
    private readonly TimeProvider _time;

    // Erasures committed since the write-ahead log was last emptied: raised as soon as an erasure
    // commits (before the log is emptied, so a cancelled or busy checkpoint leaves it raised), and
    // cleared only by a checkpoint that emptied the log with no erasure committed meanwhile. While
    // raised, the next purge pass empties the log even if nothing else is due.
    private long _erasuresInLog;

    // Opened on first use, so start-up validation reports every invalid setting before anything reads them.
    public SqliteStore(IOptions<StorageOptions> options, TimeProvider time)
    {
        _time = time;
        _connectionString = new Lazy<string>(() =>
        {
            string path = Path.GetFullPath(options.Value.SqlitePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 60 }.ToString();
            using var c = new SqliteConnection(connectionString);
            c.Open();
            Execute(c, SqliteSchema.Script);
            AddMissingColumns(c);
            // Only this process uses the file: a lease found in it is a previous run's, which died, so its
            // chunks are free at once instead of after the lease (a restart resumes straight away).
            Execute(c, "UPDATE job_chunks SET owner = NULL, lease_until = NULL WHERE done = 0 AND owner IS NOT NULL");
            return connectionString;
        });
    }

    public async Task<JobRecord> CreateJobAsync(string sector, string province, string policy, string format, string? idempotencyKey, CancellationToken ct)
    {
        string id = "job-" + Guid.NewGuid().ToString("N")[..16];
        DateTimeOffset now = _time.GetUtcNow();
        await using SqliteConnection c = Open();
        await using SqliteCommand cmd = Command(c,
            "INSERT INTO jobs (public_id, sector, province, policy, format, status, total, rejected, processed, last_line, created_at, idempotency_key) " +
            "VALUES ($id, $sector, $province, $policy, $format, 0, 0, 0, 0, 0, $created, $key) RETURNING number",
            ("$id", id), ("$sector", sector), ("$province", province), ("$policy", policy), ("$format", format), ("$created", now.ToUnixTimeMilliseconds()), ("$key", idempotencyKey));
        long number = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return new JobRecord(number, id, sector, province, policy, format, JobStatus.Uploading, 0, 0, 0, 0, now, null, null, idempotencyKey, null);
    }

    public async Task<JobRecord?> FindByIdempotencyKeyAsync(string sector, string key, CancellationToken ct) =>
        await SingleJobAsync("WHERE sector = $a AND idempotency_key = $b AND status NOT IN (0, 5)", sector, key, ct);

    public async Task<JobRecord?> GetJobAsync(string id, CancellationToken ct) =>
        await SingleJobAsync("WHERE public_id = $a", id, null, ct);

    public async Task AppendAsync(long job, IReadOnlyList<InputRecord> records, IReadOnlyList<ResultRow> rejected, CancellationToken ct)
    {
        await using SqliteConnection c = Open();
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        using (var insert = new SqliteRows(c,
            "INSERT INTO job_records (job, line, id_text, name, birth_date, gender, reference) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"))
        {
            insert.Bind(1, job);
            foreach (InputRecord r in records)
            {
                ct.ThrowIfCancellationRequested();
                insert.Bind(2, r.Line);
                insert.Bind(3, r.Id);
                insert.Bind(4, r.Name);
                insert.Bind(5, r.BirthDate);
                insert.Bind(6, r.Gender);
                insert.Bind(7, r.Reference);
                insert.Insert();
            }
        }

        if (records.Count > 0)
        {
            await using SqliteCommand chunk = Command(c, "INSERT INTO job_chunks (job, first_line, last_line, size) VALUES ($job, $first, $last, $size)",
                ("$job", job), ("$first", records[0].Line), ("$last", records[^1].Line), ("$size", records.Count));
            chunk.Transaction = tx;
            await chunk.ExecuteNonQueryAsync(ct);
        }

        InsertResults(c, job, rejected, ct);
        await tx.CommitAsync(ct);
    }

    public async Task CompleteUploadAsync(long job, long total, long rejected, IReadOnlyList<string> notCompared, CancellationToken ct)
    {
        await using SqliteConnection c = Open();
        // A job with no record to check (every line rejected) has nothing to wait for.
        await using SqliteCommand cmd = Command(c,
            "UPDATE jobs SET status = CASE WHEN $total = 0 THEN 3 ELSE 1 END, total = $total, rejected = $rejected, not_compared = $notCompared, " +
            "started_at = CASE WHEN $total = 0 THEN $now END, completed_at = CASE WHEN $total = 0 THEN $now END WHERE number = $job",
            ("$total", total), ("$rejected", rejected), ("$notCompared", notCompared.Count == 0 ? null : string.Join(',', notCompared)),
            ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("$job", job));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteJobAsync(long job, CancellationToken ct)
    {
        await using SqliteConnection c = OpenForErasure();
        await using (var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct))
        {
            foreach (string table in new[] { "job_records", "job_results", "job_chunks", "jobs" })
            {
                await using SqliteCommand cmd = Command(c, $"DELETE FROM {table} WHERE {(table == "jobs" ? "number" : "job")} = $job", ("$job", job));
                cmd.Transaction = tx;
                await cmd.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
        }

        // Committed: from here the erasure finishes even if the caller goes away (a client that
        // disconnects after DELETE must not leave the erased rows in the log).
        Interlocked.Increment(ref _erasuresInLog);
        await TruncateLogAsync(c);
    }

    public async Task EraseJobAsync(long job, CancellationToken ct)
    {
        await using SqliteConnection c = OpenForErasure();
        await using (var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct))
        {
            foreach (string table in new[] { "job_records", "job_results", "job_chunks" })
            {
                await using SqliteCommand erase = Command(c, $"DELETE FROM {table} WHERE job = $job", ("$job", job));
                erase.Transaction = tx;
                await erase.ExecuteNonQueryAsync(ct);
            }

            // The idempotency key goes too: the sector may submit the same file again as a new job.
            await using SqliteCommand tombstone = Command(c,
                "UPDATE jobs SET status = 5, idempotency_key = NULL, failure = NULL, completed_at = $now WHERE number = $job",
                ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("$job", job));
            tombstone.Transaction = tx;
            await tombstone.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }

        // Committed: from here the erasure finishes even if the caller goes away (a client that
        // disconnects after DELETE must not leave the erased rows in the log).
        Interlocked.Increment(ref _erasuresInLog);
        await TruncateLogAsync(c);
    }

    public async Task<int> PurgeRecordsAsync(DateTimeOffset finishedBefore, CancellationToken ct)
    {
        await using SqliteConnection c = OpenForErasure();
        var due = new List<long>();
        await using (SqliteCommand find = Command(c,
            "SELECT number FROM jobs WHERE status IN (3, 4) AND completed_at <= $before AND EXISTS (SELECT 1 FROM job_records WHERE job = jobs.number)",
            ("$before", finishedBefore.ToUnixTimeMilliseconds())))
        await using (SqliteDataReader r = await find.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                due.Add(r.GetInt64(0));
            }
        }

        foreach (long job in due)
        {
            // In slices, so a million-record job never holds the write lock long enough to stall
            // the chunks other jobs are committing.
            while (true)
            {
                await using SqliteCommand slice = Command(c,
                    "DELETE FROM job_records WHERE job = $job AND line IN (SELECT line FROM job_records WHERE job = $job ORDER BY line LIMIT 20000)", ("$job", job));
                if (await slice.ExecuteNonQueryAsync(ct) == 0)
                {
                    break;
                }

                Interlocked.Increment(ref _erasuresInLog);
            }
        }

        if (Interlocked.Read(ref _erasuresInLog) > 0)
        {
            await TruncateLogAsync(c);
        }

        return due.Count;
    }

    // Only this process uses the file, and it calls this before accepting uploads: every upload left is a crash's.
    public async Task<int> RemoveInterruptedUploadsAsync(TimeSpan idleFor, CancellationToken ct)
    {
        var interrupted = new List<long>();
        await using (SqliteConnection c = Open())
        {
            await using SqliteCommand stale = Command(c, "SELECT number FROM jobs WHERE status = 0");
            await using SqliteDataReader r = await stale.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                interrupted.Add(r.GetInt64(0));
            }
        }

        foreach (long job in interrupted)
        {
            await DeleteJobAsync(job, ct);
        }

        return interrupted.Count;
    }

    public async Task<ChunkLease?> ClaimChunkAsync(string owner, TimeSpan lease, CancellationToken ct)
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long until = now + (long)lease.TotalMilliseconds;
        long job, first, last;
        await using (SqliteConnection c = Open())
        {
            // One statement, so one write lock: no other connection can claim the same chunk in between.
            await using SqliteCommand claim = Command(c,
                "UPDATE job_chunks SET owner = $owner, lease_until = $until WHERE (job, first_line) = (" +
                "SELECT c.job, c.first_line FROM job_chunks c JOIN jobs j ON j.number = c.job " +
                "WHERE j.status IN (1, 2) AND c.done = 0 AND (c.lease_until IS NULL OR c.lease_until < $now OR c.owner = $owner) ORDER BY c.job, c.first_line LIMIT 1) " +
                "RETURNING job, first_line, last_line",
                ("$owner", owner), ("$until", until), ("$now", now));
            await using (SqliteDataReader r = await claim.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct))
                {
                    return null;
                }

                (job, first, last) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            }

            await using SqliteCommand running = Command(c,
                "UPDATE jobs SET status = 2, started_at = COALESCE(started_at, $now) WHERE number = $job AND status = 1", ("$now", now), ("$job", job));
            await running.ExecuteNonQueryAsync(ct);
        }

        JobRecord? record = await SingleJobAsync("WHERE number = CAST($a AS INTEGER)", job.ToString(CultureInfo.InvariantCulture), null, ct);
        return record is null ? null : new ChunkLease(record, first, last, owner, DateTimeOffset.FromUnixTimeMilliseconds(until));
    }

    public async Task<bool> RenewLeaseAsync(ChunkLease chunk, TimeSpan lease, CancellationToken ct)
    {
        await using SqliteConnection c = Open();
        await using SqliteCommand cmd = Command(c,
            "UPDATE job_chunks SET lease_until = $until WHERE job = $job AND first_line = $first AND owner = $owner AND done = 0",
            ("$until", (_time.GetUtcNow() + lease).ToUnixTimeMilliseconds()), ("$job", chunk.Job.Number), ("$first", chunk.FirstLine), ("$owner", chunk.Owner));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<IReadOnlyList<InputRecord>> ReadRecordsAsync(ChunkLease chunk, CancellationToken ct)
    {
        await using SqliteConnection c = Open();
        await using SqliteCommand cmd = Command(c,
            "SELECT line, id_text, name, birth_date, gender, reference FROM job_records WHERE job = $job AND line BETWEEN $first AND $last ORDER BY line",
            ("$job", chunk.Job.Number), ("$first", chunk.FirstLine), ("$last", chunk.LastLine));
        var records = new List<InputRecord>();
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            records.Add(new InputRecord(r.GetInt64(0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4), Text(r, 5)));
        }

        return records;
    }

    public async Task<ChunkCommit> CommitResultsAsync(ChunkLease chunk, IReadOnlyList<ResultRow> results, IReadOnlyDictionary<StatisticsKey, long> counts, CancellationToken ct)
    {
        long job = chunk.Job.Number;
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using SqliteConnection c = Open();
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        // The job first (its row lock queues the commits of one job): if its owner deleted it meanwhile,
        // nothing of it is written back (disposing the transaction rolls back).
        int status;
        await using (SqliteCommand progress = Command(c,
            "UPDATE jobs SET processed = processed + $n, last_line = max(last_line, $last), " +
            "status = CASE WHEN processed + $n >= total THEN 3 ELSE 2 END, started_at = COALESCE(started_at, $now), " +
            "completed_at = CASE WHEN processed + $n >= total THEN $now END WHERE number = $job AND status IN (1, 2) RETURNING status",
            ("$n", results.Count), ("$last", chunk.LastLine), ("$now", now), ("$job", job)))
        {
            progress.Transaction = tx;
            if (await progress.ExecuteScalarAsync(ct) is not long s)
            {
                // Not running any more: completed (so every chunk is done), or deleted.
                await using SqliteCommand current = Command(c, "SELECT status FROM jobs WHERE number = $job", ("$job", job));
                current.Transaction = tx;
                return await current.ExecuteScalarAsync(ct) is long st && st == (long)JobStatus.Completed ? ChunkCommit.AlreadyDone : ChunkCommit.JobGone;
            }

            status = (int)s;
        }

        // Then the chunk: done once, whoever commits it; a second commit stores nothing.
        await using (SqliteCommand done = Command(c, "UPDATE job_chunks SET done = 1 WHERE job = $job AND first_line = $first AND done = 0",
            ("$job", job), ("$first", chunk.FirstLine)))
        {
            done.Transaction = tx;
            if (await done.ExecuteNonQueryAsync(ct) == 0)
            {
                return ChunkCommit.AlreadyDone;
            }
        }

        InsertResults(c, job, results, ct);
        await AddCountsAsync(c, tx, counts, ct);
        await tx.CommitAsync(ct);
        return status == (int)JobStatus.Completed ? ChunkCommit.JobCompleted : ChunkCommit.Committed;
    }

    public async Task SetStatusAsync(long job, JobStatus status, string? failure, CancellationToken ct)
    {
        await using SqliteConnection c = Open();
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using SqliteCommand cmd = Command(c,
            "UPDATE jobs SET status = $status, failure = $failure, started_at = COALESCE(started_at, $now), completed_at = CASE WHEN $status IN (3, 4) THEN $now ELSE completed_at END WHERE number = $job AND status <> 5",
            ("$status", (int)status), ("$failure", failure), ("$now", now), ("$job", job));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async IAsyncEnumerable<ResultRow> ReadResultsAsync(long job, bool rejectedOnly, [EnumeratorCancellation] CancellationToken ct)
    {
        await using SqliteConnection c = Open();
        await using SqliteCommand cmd = Command(c,
            ResultColumns +
            "FROM job_results WHERE job = $job" + (rejectedOnly ? " AND verdict = 'REJECTED'" : "") + " ORDER BY line", ("$job", job));
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            yield return ReadResult(r);
        }
    }

    public async Task<IReadOnlyList<JobRecord>> RecentJobsAsync(int limit, CancellationToken ct) =>
        await JobsAsync($"WHERE status NOT IN (0, 5) ORDER BY number DESC LIMIT {Math.Clamp(limit, 1, 500)}", null, null, ct);

    public async Task<IReadOnlyList<(JobRecord Job, ResultRow Result)>> SampleResultsAsync(string verdict, string? sector, string? province, int limit, CancellationToken ct)
    {
        // Newest jobs first along the (job, line) key: stops after `limit` hits instead of sorting every result.
        var jobs = (await JobsAsync("WHERE ($a IS NULL OR sector = $a) AND ($b IS NULL OR province = $b) AND status NOT IN (0, 5) ORDER BY number DESC LIMIT 200", sector, province, ct))
            .ToDictionary(j => j.Number);
        var samples = new List<(JobRecord, ResultRow)>();
        await using SqliteConnection c = Open();
        foreach (JobRecord job in jobs.Values)
        {
            await using SqliteCommand cmd = Command(c,
                ResultColumns +
                "FROM job_results WHERE job = $job AND verdict = $verdict ORDER BY line LIMIT $limit", ("$job", job.Number), ("$verdict", verdict), ("$limit", limit - samples.Count));
            await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
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

    public async Task AddAsync(IReadOnlyDictionary<StatisticsKey, long> counts, CancellationToken ct)
    {
        await using SqliteConnection c = Open();
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        await AddCountsAsync(c, tx, counts, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<StatisticsRow>> QueryAsync(StatisticsFilter f, CancellationToken ct)
    {
        await using SqliteConnection c = Open();
        await using SqliteCommand cmd = Command(c,
            "SELECT sector, province, day, source, verdict, count FROM stat_counts WHERE " +
            "($sector IS NULL OR sector = $sector) AND ($province IS NULL OR province = $province) AND " +
            "($from IS NULL OR day >= $from) AND ($to IS NULL OR day <= $to) AND ($source IS NULL OR source = $source) " +
            "ORDER BY sector, province, day, source, verdict",
            ("$sector", f.Sector), ("$province", f.Province), ("$from", f.FromDay), ("$to", f.ToDay), ("$source", f.Source));
        var rows = new List<StatisticsRow>();
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new StatisticsRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5)));
        }

        return rows;
    }

    private static void InsertResults(SqliteConnection c, long job, IReadOnlyList<ResultRow> results, CancellationToken ct)
    {
        if (results.Count == 0)
        {
            return;
        }

        using var insert = new SqliteRows(c,
            "INSERT INTO job_results (job, line, verdict, masked_id, name_level, date_level, gender_level, cmnd_level, differing, id_rule, score, reference, candidates, name_score, date_score, gender_score, cmnd_score) " +
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) ON CONFLICT DO NOTHING");
        insert.Bind(1, job);
        foreach (ResultRow r in results)
        {
            ct.ThrowIfCancellationRequested();
            insert.Bind(2, r.Line);
            insert.Bind(3, r.Verdict);
            insert.Bind(4, r.MaskedId);
            insert.Bind(5, (int?)r.Name);
            insert.Bind(6, (int?)r.BirthDate);
            insert.Bind(7, (int?)r.Gender);
            insert.Bind(8, (int?)r.Cmnd);
            insert.Bind(9, (long)r.Differing);
            insert.Bind(10, (long)r.IdRule);
            insert.Bind(11, r.Score);
            insert.Bind(12, r.Reference);
            insert.Bind(13, r.Candidates);
            insert.Bind(14, r.Scores.Name);
            insert.Bind(15, r.Scores.BirthDate);
            insert.Bind(16, r.Scores.Gender);
            insert.Bind(17, r.Scores.Cmnd);
            insert.Insert();
        }
    }

    private static async Task AddCountsAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyDictionary<StatisticsKey, long> counts, CancellationToken ct)
    {
        if (counts.Count == 0)
        {
            return;
        }

        await using SqliteCommand upsert = Command(c,
            "INSERT INTO stat_counts (sector, province, day, source, verdict, count) VALUES ($sector, $province, $day, $source, $verdict, $n) " +
            "ON CONFLICT (sector, province, day, source, verdict) DO UPDATE SET count = stat_counts.count + excluded.count");
        upsert.Transaction = tx;
        SqliteParameter[] p = Parameters(upsert, "$sector", "$province", "$day", "$source", "$verdict", "$n");
        foreach (var (key, n) in counts)
        {
            p[0].Value = key.Sector;
            p[1].Value = key.Province;
            p[2].Value = key.Day;
            p[3].Value = key.Source;
            p[4].Value = key.Verdict;
            p[5].Value = n;
            await upsert.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task<JobRecord?> SingleJobAsync(string where, string a, string? b, CancellationToken ct) =>
        await JobsAsync(where, a, b, ct) is [var first, ..] ? first : null;

    private async Task<IReadOnlyList<JobRecord>> JobsAsync(string where, string? a, string? b, CancellationToken ct)
    {
        await using SqliteConnection c = Open();
        await using SqliteCommand cmd = Command(c,
            "SELECT number, public_id, sector, province, policy, format, status, total, rejected, processed, last_line, created_at, started_at, completed_at, idempotency_key, failure, not_compared FROM jobs " + where,
            ("$a", a), ("$b", b));
        var jobs = new List<JobRecord>();
        await using SqliteDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            jobs.Add(new JobRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), (JobStatus)r.GetInt32(6),
                r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), Time(r, 11)!.Value, Time(r, 12), Time(r, 13), Text(r, 14), Text(r, 15))
            {
                NotCompared = Text(r, 16)?.Split(',') ?? [],
            });
        }

        return jobs;
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString.Value);
        c.Open();
        return c;
    }

    /// <summary>
    /// A connection whose deletions overwrite the deleted bytes with zeros (secure_delete), so erased
    /// records cannot be read back from free pages of the database file.
    /// </summary>
    private SqliteConnection OpenForErasure()
    {
        SqliteConnection c = Open();
        Execute(c, "PRAGMA secure_delete = ON");
        return c;
    }

    /// <summary>
    /// Copies the write-ahead log into the database and empties it: the log still holds the erased
    /// records as they were first written. It does not wait: while a reader holds an older snapshot
    /// (a long results download) the log cannot be emptied, and waiting would stall every writer,
    /// so the next purge pass tries again.
    /// Not cancellable: it runs after an erasure committed, and returns at once when busy.
    /// </summary>
    private async Task TruncateLogAsync(SqliteConnection c)
    {
        long erasures = Interlocked.Read(ref _erasuresInLog);
        await using SqliteCommand checkpoint = Command(c, "PRAGMA wal_checkpoint(TRUNCATE)");
        await using SqliteDataReader r = await checkpoint.ExecuteReaderAsync(CancellationToken.None);
        if (await r.ReadAsync(CancellationToken.None) && r.GetInt64(0) == 0) // first column: 1 when busy
        {
            // Erasures that committed while the checkpoint ran may not be in it: they keep the count raised.
            Interlocked.CompareExchange(ref _erasuresInLog, 0, erasures);
        }
    }

    private static void AddMissingColumns(SqliteConnection c)
    {
        foreach (var (table, column, definition) in SqliteSchema.Added)
        {
            using SqliteCommand exists = Command(c, $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $column", ("$column", column));
            if ((long)exists.ExecuteScalar()! == 0)
            {
                Execute(c, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
            }
        }
    }

    private static void Execute(SqliteConnection c, string sql)
    {
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }

    private static SqliteParameter[] Parameters(SqliteCommand cmd, params string[] names) =>
        names.Select(n => cmd.Parameters.Add(n, SqliteType.Text)).ToArray();

    private const string ResultColumns =
        "SELECT line, verdict, masked_id, name_level, date_level, gender_level, cmnd_level, differing, id_rule, score, reference, candidates, name_score, date_score, gender_score, cmnd_score ";

    private static ResultRow ReadResult(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), Text(r, 2), Level(r, 3), Level(r, 4), Level(r, 5), Level(r, 6),
            (MatchField)r.GetInt32(7), (IdRule)r.GetInt32(8), r.GetFloat(9), Text(r, 10), Text(r, 11),
            new FieldScores(r.GetFloat(12), r.GetFloat(13), r.GetFloat(14), r.GetFloat(15)));

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static MatchLevel? Level(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : (MatchLevel)r.GetInt32(i);

    private static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    internal static string Day(DateTimeOffset time) =>
        time.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
