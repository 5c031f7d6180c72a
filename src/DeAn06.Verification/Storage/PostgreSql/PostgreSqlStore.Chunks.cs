using Npgsql;
using NpgsqlTypes;

namespace DeAn06.Verification.Storage.PostgreSql;

/// <summary>Claiming, renewing and committing chunks.</summary>
internal sealed partial class PostgreSqlStore
{
    public async Task<ChunkLease?> ClaimChunkAsync(string owner, TimeSpan lease, CancellationToken ct)
    {
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset until = now + lease;
        long job, first, last;
        await using (NpgsqlConnection c = await OpenAsync(ct))
        {
            // SKIP LOCKED: workers claiming at the same moment each take a different chunk instead of
            // queueing behind one another's row lock; the lease then keeps it theirs after the commit.
            await using NpgsqlCommand claim = Command(c, null,
                "WITH next AS (SELECT c.job, c.first_line FROM job_chunks c JOIN jobs j ON j.number = c.job " +
                "WHERE c.done_at IS NULL AND j.status IN (1, 2) AND (c.lease_until IS NULL OR c.lease_until < @now OR c.owner = @owner) " +
                "ORDER BY c.job, c.first_line LIMIT 1 FOR UPDATE OF c SKIP LOCKED) " +
                "UPDATE job_chunks c SET owner = @owner, lease_until = @until FROM next WHERE c.job = next.job AND c.first_line = next.first_line " +
                "RETURNING c.job, c.first_line, c.last_line; ",
                ("now", now), ("owner", owner), ("until", until));
            await using (NpgsqlDataReader r = await claim.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct))
                {
                    return null;
                }

                (job, first, last) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            }

            await using NpgsqlCommand running = Command(c, null,
                "UPDATE jobs SET status = 2, started_at = COALESCE(started_at, @now) WHERE number = @job AND status = 1", ("now", now), ("job", job));
            await running.ExecuteNonQueryAsync(ct);
        }

        JobRecord? record = await SingleJobAsync("WHERE number = @a::bigint", job.ToString(System.Globalization.CultureInfo.InvariantCulture), null, ct);
        return record is null ? null : new ChunkLease(record, first, last, owner, until);
    }

    public async Task<bool> RenewLeaseAsync(ChunkLease chunk, TimeSpan lease, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null,
            "UPDATE job_chunks SET lease_until = @until WHERE job = @job AND first_line = @first AND owner = @owner AND done_at IS NULL",
            ("until", _time.GetUtcNow() + lease), ("job", chunk.Job.Number), ("first", chunk.FirstLine), ("owner", chunk.Owner));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<IReadOnlyList<InputRecord>> ReadRecordsAsync(ChunkLease chunk, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null,
            "SELECT line, id_text, name, birth_date, gender, reference FROM job_records WHERE job = @job AND line BETWEEN @first AND @last ORDER BY line",
            ("job", chunk.Job.Number), ("first", chunk.FirstLine), ("last", chunk.LastLine));
        var records = new List<InputRecord>();
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            records.Add(new InputRecord(r.GetInt64(0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4), Text(r, 5)));
        }

        return records;
    }

    public async Task<ChunkCommit> CommitResultsAsync(ChunkLease chunk, IReadOnlyList<ResultRow> results, IReadOnlyDictionary<StatisticsKey, long> counts, CancellationToken ct)
    {
        long job = chunk.Job.Number;
        DateTimeOffset now = _time.GetUtcNow();
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(ct);
        // The job first (its row lock queues the commits of one job): if its owner deleted it meanwhile,
        // nothing of it is written back (disposing the transaction rolls back).
        short status;
        await using (NpgsqlCommand progress = Command(c, tx,
            "UPDATE jobs SET processed = processed + @n, last_line = GREATEST(last_line, @last), " +
            "status = CASE WHEN processed + @n >= total THEN 3 ELSE 2 END, started_at = COALESCE(started_at, @now), " +
            "completed_at = CASE WHEN processed + @n >= total THEN @now END WHERE number = @job AND status IN (1, 2) RETURNING status",
            ("n", (long)results.Count), ("last", chunk.LastLine), ("now", now), ("job", job)))
        {
            if (await progress.ExecuteScalarAsync(ct) is not short s)
            {
                return await GoneOrDoneAsync(c, tx, job, ct);
            }

            status = s;
        }

        // Then the chunk: a second owner's commit waits for this one's locks, then finds it done and
        // stores nothing. The owner is whoever commits, whether or not its lease had ended: the results
        // are the same.
        await using (NpgsqlCommand done = Command(c, tx,
            "UPDATE job_chunks SET done_at = @now, owner = @owner WHERE job = @job AND first_line = @first AND done_at IS NULL",
            ("now", now), ("owner", chunk.Owner), ("job", job), ("first", chunk.FirstLine)))
        {
            if (await done.ExecuteNonQueryAsync(ct) == 0)
            {
                return ChunkCommit.AlreadyDone;
            }
        }

        await InsertResultsAsync(c, tx, job, results, ct);
        await AddCountsAsync(c, tx, counts, ct);
        await tx.CommitAsync(ct);
        return status == (short)JobStatus.Completed ? ChunkCommit.JobCompleted : ChunkCommit.Committed;
    }

    /// <summary>A job that is not running any more: completed (so every chunk is done), or deleted.</summary>
    private static async Task<ChunkCommit> GoneOrDoneAsync(NpgsqlConnection c, NpgsqlTransaction tx, long job, CancellationToken ct)
    {
        await using NpgsqlCommand status = Command(c, tx, "SELECT status FROM jobs WHERE number = @job", ("job", job));
        return await status.ExecuteScalarAsync(ct) is short s && s == (short)JobStatus.Completed ? ChunkCommit.AlreadyDone : ChunkCommit.JobGone;
    }

    /// <summary>
    /// One statement for the whole chunk (arrays unnested server-side); a line already stored is left
    /// alone (ON CONFLICT DO NOTHING), so results are one per job and line whatever happens.
    /// </summary>
    private static async Task InsertResultsAsync(NpgsqlConnection c, NpgsqlTransaction tx, long job, IReadOnlyList<ResultRow> results, CancellationToken ct)
    {
        if (results.Count == 0)
        {
            return;
        }

        int n = results.Count;
        var line = new long[n];
        var verdict = new string[n];
        var masked = new string?[n];
        var name = new short?[n];
        var date = new short?[n];
        var gender = new short?[n];
        var cmnd = new short?[n];
        var differing = new int[n];
        var rule = new int[n];
        var score = new float[n];
        var reference = new string?[n];
        var candidates = new string?[n];
        var s1 = new float[n];
        var s2 = new float[n];
        var s3 = new float[n];
        var s4 = new float[n];
        for (int i = 0; i < n; i++)
        {
            ResultRow r = results[i];
            line[i] = r.Line;
            verdict[i] = r.Verdict;
            masked[i] = r.MaskedId;
            name[i] = (short?)r.Name;
            date[i] = (short?)r.BirthDate;
            gender[i] = (short?)r.Gender;
            cmnd[i] = (short?)r.Cmnd;
            differing[i] = (int)r.Differing;
            rule[i] = (int)r.IdRule;
            score[i] = r.Score;
            reference[i] = r.Reference;
            candidates[i] = r.Candidates;
            (s1[i], s2[i], s3[i], s4[i]) = (r.Scores.Name, r.Scores.BirthDate, r.Scores.Gender, r.Scores.Cmnd);
        }

        await using var insert = new NpgsqlCommand(
            "INSERT INTO job_results (job, line, verdict, masked_id, name_level, date_level, gender_level, cmnd_level, differing, id_rule, score, reference, candidates, name_score, date_score, gender_score, cmnd_score) " +
            "SELECT @job, * FROM unnest(@line, @verdict, @masked, @name, @date, @gender, @cmnd, @differing, @rule, @score, @reference, @candidates, @s1, @s2, @s3, @s4) " +
            "ON CONFLICT (job, line) DO NOTHING", c, tx);
        insert.Parameters.Add(new NpgsqlParameter<long>("job", job));
        insert.Parameters.Add(new NpgsqlParameter<long[]>("line", line));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("verdict", verdict));
        insert.Parameters.Add(new NpgsqlParameter("masked", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = masked });
        insert.Parameters.Add(new NpgsqlParameter<short?[]>("name", name));
        insert.Parameters.Add(new NpgsqlParameter<short?[]>("date", date));
        insert.Parameters.Add(new NpgsqlParameter<short?[]>("gender", gender));
        insert.Parameters.Add(new NpgsqlParameter<short?[]>("cmnd", cmnd));
        insert.Parameters.Add(new NpgsqlParameter<int[]>("differing", differing));
        insert.Parameters.Add(new NpgsqlParameter<int[]>("rule", rule));
        insert.Parameters.Add(new NpgsqlParameter<float[]>("score", score));
        insert.Parameters.Add(new NpgsqlParameter("reference", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = reference });
        insert.Parameters.Add(new NpgsqlParameter("candidates", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = candidates });
        insert.Parameters.Add(new NpgsqlParameter<float[]>("s1", s1));
        insert.Parameters.Add(new NpgsqlParameter<float[]>("s2", s2));
        insert.Parameters.Add(new NpgsqlParameter<float[]>("s3", s3));
        insert.Parameters.Add(new NpgsqlParameter<float[]>("s4", s4));
        await insert.ExecuteNonQueryAsync(ct);
    }
}
