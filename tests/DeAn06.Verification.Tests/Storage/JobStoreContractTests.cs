using DeAn06.Contracts;
using DeAn06.Verification.Storage;
using DeAn06.Verification.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DeAn06.Verification.Tests.Storage;

/// <summary>
/// What every <see cref="IJobStore"/> promises, run against SQLite and a real PostgreSQL: chunks go to
/// one worker at a time, a lapsed lease passes the chunk on, and a chunk done twice is stored and
/// counted once.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class JobStoreContractTests(PostgreSqlFixture postgres)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 7, 1, 3, 0, 0, TimeSpan.Zero));

    public static TheoryData<StorageProvider> Providers => StoreFactory.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ClaimChunkAsync_ManyWorkersAtOnce_EachChunkToExactlyOne(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        JobRecord job = await QueuedJobAsync(store, chunks: 6, perChunk: 10);

        ChunkLease?[] claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => store.ClaimChunkAsync($"w{i}", Lease, CancellationToken.None))));

        ChunkLease[] won = [.. claims.OfType<ChunkLease>()];
        Assert.Equal(6, won.Length);
        Assert.Equal(6, won.Select(c => c.FirstLine).Distinct().Count());
        Assert.All(won, c => Assert.Equal(job.Id, c.Job.Id));
        Assert.Equal(JobStatus.Running, (await store.GetJobAsync(job.Id, CancellationToken.None))!.Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ClaimChunkAsync_LeaseEnded_TakenOverAndOldOwnerCannotRenew(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        await QueuedJobAsync(store, chunks: 1, perChunk: 10);
        ChunkLease first = (await store.ClaimChunkAsync("a", Lease, CancellationToken.None))!;

        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Null(await store.ClaimChunkAsync("b", Lease, CancellationToken.None)); // still a's
        Assert.True(await store.RenewLeaseAsync(first, Lease, CancellationToken.None));
        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Null(await store.ClaimChunkAsync("b", Lease, CancellationToken.None)); // renewed: still a's

        _time.Advance(TimeSpan.FromSeconds(2)); // a stopped renewing (died): its lease has ended
        ChunkLease? taken = await store.ClaimChunkAsync("b", Lease, CancellationToken.None);

        Assert.NotNull(taken);
        Assert.Equal((first.Job.Number, first.FirstLine, first.LastLine), (taken.Job.Number, taken.FirstLine, taken.LastLine));
        Assert.False(await store.RenewLeaseAsync(first, Lease, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CommitResultsAsync_OldOwnerCommitsAfterTakeover_StoredAndCountedOnce(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        JobRecord job = await QueuedJobAsync(store, chunks: 1, perChunk: 50);
        ChunkLease old = (await store.ClaimChunkAsync("a", Lease, CancellationToken.None))!;
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        ChunkLease taker = (await store.ClaimChunkAsync("b", Lease, CancellationToken.None))!;

        Assert.Equal(ChunkCommit.JobCompleted, await CommitAsync(store, taker, Verdicts.Match));
        Assert.Equal(ChunkCommit.AlreadyDone, await CommitAsync(store, old, Verdicts.Mismatch)); // late, and different: dropped

        await AssertStoredOnceAsync(store, job, 50, Verdicts.Match);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CommitResultsAsync_OldOwnerCommitsFirst_NewOwnersCommitStoresNothing(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        JobRecord job = await QueuedJobAsync(store, chunks: 1, perChunk: 50);
        ChunkLease old = (await store.ClaimChunkAsync("a", Lease, CancellationToken.None))!;
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        ChunkLease taker = (await store.ClaimChunkAsync("b", Lease, CancellationToken.None))!;

        Assert.Equal(ChunkCommit.JobCompleted, await CommitAsync(store, old, Verdicts.Match));
        Assert.Equal(ChunkCommit.AlreadyDone, await CommitAsync(store, taker, Verdicts.Match));

        await AssertStoredOnceAsync(store, job, 50, Verdicts.Match);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CommitResultsAsync_SameChunkConcurrently_OneWins(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        JobRecord job = await QueuedJobAsync(store, chunks: 1, perChunk: 200);
        ChunkLease chunk = (await store.ClaimChunkAsync("a", Lease, CancellationToken.None))!;

        ChunkCommit[] outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => CommitAsync(store, chunk, Verdicts.Match))));

        Assert.Equal(1, outcomes.Count(o => o == ChunkCommit.JobCompleted));
        Assert.Equal(3, outcomes.Count(o => o == ChunkCommit.AlreadyDone));
        await AssertStoredOnceAsync(store, job, 200, Verdicts.Match);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CommitResultsAsync_EveryChunk_JobCompletedWithTheLast(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        JobRecord job = await QueuedJobAsync(store, chunks: 3, perChunk: 20);
        var outcomes = new List<ChunkCommit>();
        while (await store.ClaimChunkAsync("a", Lease, CancellationToken.None) is { } chunk)
        {
            outcomes.Add(await CommitAsync(store, chunk, Verdicts.NotFound));
        }

        Assert.Equal([ChunkCommit.Committed, ChunkCommit.Committed, ChunkCommit.JobCompleted], outcomes);
        JobRecord done = (await store.GetJobAsync(job.Id, CancellationToken.None))!;
        Assert.Equal((JobStatus.Completed, 60L), (done.Status, done.Processed));
        Assert.Equal(_time.GetUtcNow(), done.CompletedAt);
        await AssertStoredOnceAsync(store, job, 60, Verdicts.NotFound);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CommitResultsAsync_JobErasedMeanwhile_NothingStored(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        JobRecord job = await QueuedJobAsync(store, chunks: 2, perChunk: 20);
        ChunkLease chunk = (await store.ClaimChunkAsync("a", Lease, CancellationToken.None))!;

        await store.EraseJobAsync(job.Number, CancellationToken.None);

        Assert.Equal(ChunkCommit.JobGone, await CommitAsync(store, chunk, Verdicts.Match));
        Assert.Null(await store.ClaimChunkAsync("b", Lease, CancellationToken.None));
        Assert.Empty(await ToListAsync(store.ReadResultsAsync(job.Number, false, CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReadRecordsAsync_Chunk_ItsLinesInOrder(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        await QueuedJobAsync(store, chunks: 2, perChunk: 5);
        ChunkLease first = (await store.ClaimChunkAsync("a", Lease, CancellationToken.None))!;
        ChunkLease second = (await store.ClaimChunkAsync("a2", Lease, CancellationToken.None))!;

        Assert.Equal([1L, 2, 3, 4, 5], (await store.ReadRecordsAsync(first, CancellationToken.None)).Select(r => r.Line));
        IReadOnlyList<InputRecord> records = await store.ReadRecordsAsync(second, CancellationToken.None);
        Assert.Equal([6L, 7, 8, 9, 10], records.Select(r => r.Line));
        Assert.Equal(new InputRecord(6, "001090000006", "Nguyễn Văn 6", "01/01/1990", "Nam", "HS6"), records[0]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CompleteUploadAsync_EveryLineRejected_CompletedAtOnce(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        JobRecord job = await store.CreateJobAsync("BHXH", "06", "tolerant", "csv", null, CancellationToken.None);
        await store.AppendAsync(job.Number, [], [new ResultRow(1, Verdicts.Rejected, null, null, null, null, null, default, default, 0f, null, "bad")], CancellationToken.None);
        await store.CompleteUploadAsync(job.Number, 0, 1, [], CancellationToken.None);

        Assert.Equal(JobStatus.Completed, (await store.GetJobAsync(job.Id, CancellationToken.None))!.Status);
        Assert.Null(await store.ClaimChunkAsync("a", Lease, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CompleteUploadAsync_FieldsNotCompared_KeptWithTheJob(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        JobRecord job = await store.CreateJobAsync("BHXH", "06", "tolerant", "csv", null, CancellationToken.None);
        JobRecord other = await store.CreateJobAsync("BHXH", "06", "tolerant", "csv", null, CancellationToken.None);
        await store.AppendAsync(job.Number, Records(1, 3), [], CancellationToken.None);
        await store.AppendAsync(other.Number, Records(1, 3), [], CancellationToken.None);
        await store.CompleteUploadAsync(job.Number, 3, 0, ["NgayThangNamSinh", "GioiTinh"], CancellationToken.None);
        await store.CompleteUploadAsync(other.Number, 3, 0, [], CancellationToken.None);

        Assert.Equal(["NgayThangNamSinh", "GioiTinh"], (await store.GetJobAsync(job.Id, CancellationToken.None))!.NotCompared);
        Assert.Empty((await store.GetJobAsync(other.Id, CancellationToken.None))!.NotCompared);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AddAsync_TwiceSameKey_Summed(StorageProvider provider)
    {
        var store = (IStatisticsStore)await StoreFactory.CreateAsync(provider, postgres, _time);
        var key = new StatisticsKey("BHXH", "06", "2026-07-01", "realtime", Verdicts.Match);
        var other = new StatisticsKey("THUE", "01", "2026-07-02", "realtime", Verdicts.Mismatch);

        await store.AddAsync(new Dictionary<StatisticsKey, long> { [key] = 3, [other] = 1 }, CancellationToken.None);
        await store.AddAsync(new Dictionary<StatisticsKey, long> { [key] = 4 }, CancellationToken.None);

        Assert.Equal([new StatisticsRow("BHXH", "06", "2026-07-01", "realtime", Verdicts.Match, 7)],
            await store.QueryAsync(new StatisticsFilter(Sector: "BHXH"), CancellationToken.None));
        Assert.Equal(2, (await store.QueryAsync(new StatisticsFilter(FromDay: "2026-07-01", ToDay: "2026-07-02"), CancellationToken.None)).Count);
        Assert.Empty(await store.QueryAsync(new StatisticsFilter(Province: "99"), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task FindByIdempotencyKeyAsync_AcceptedJob_Found(StorageProvider provider)
    {
        IJobStore store = await StoreFactory.CreateAsync(provider, postgres, _time);
        JobRecord job = await store.CreateJobAsync("BHXH", "06", "tolerant", "csv", "key-1", CancellationToken.None);
        Assert.Null(await store.FindByIdempotencyKeyAsync("BHXH", "key-1", CancellationToken.None)); // still uploading
        await store.AppendAsync(job.Number, Records(1, 3), [], CancellationToken.None);
        await store.CompleteUploadAsync(job.Number, 3, 0, [], CancellationToken.None);

        Assert.Equal(job.Id, (await store.FindByIdempotencyKeyAsync("BHXH", "key-1", CancellationToken.None))?.Id);
        Assert.Null(await store.FindByIdempotencyKeyAsync("THUE", "key-1", CancellationToken.None));
        Assert.Contains(await store.RecentJobsAsync(10, CancellationToken.None), j => j.Id == job.Id);
    }

    [Fact]
    public async Task RemoveInterruptedUploadsAsync_SharedStore_OnlyUploadsSilentForTheWindowRemoved()
    {
        IJobStore store = await StoreFactory.CreateAsync(StorageProvider.PostgreSql, postgres, _time);
        JobRecord silent = await store.CreateJobAsync("BHXH", "06", "tolerant", "csv", null, CancellationToken.None);
        await store.AppendAsync(silent.Number, Records(1, 3), [], CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(50));
        JobRecord live = await store.CreateJobAsync("BHXH", "06", "tolerant", "csv", null, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(9));
        await store.AppendAsync(live.Number, Records(1, 3), [], CancellationToken.None); // still arriving
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await store.RemoveInterruptedUploadsAsync(TimeSpan.FromHours(1), CancellationToken.None));

        Assert.Null(await store.GetJobAsync(silent.Id, CancellationToken.None));
        Assert.NotNull(await store.GetJobAsync(live.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RemoveInterruptedUploadsAsync_SingleProcessStore_EveryUploadRemoved()
    {
        IJobStore store = await StoreFactory.CreateAsync(StorageProvider.Sqlite, postgres, _time);
        JobRecord upload = await store.CreateJobAsync("BHXH", "06", "tolerant", "csv", null, CancellationToken.None);
        await store.AppendAsync(upload.Number, Records(1, 3), [], CancellationToken.None);

        Assert.Equal(1, await store.RemoveInterruptedUploadsAsync(TimeSpan.FromHours(1), CancellationToken.None));
        Assert.Null(await store.GetJobAsync(upload.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ClaimChunkAsync_SqliteReopenedAfterACrash_PreviousRunsLeaseReleasedAtOnce()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new StorageOptions
        {
            SqlitePath = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "verification.db"),
        });
        var crashed = new SqliteStore(options, _time);
        await QueuedJobAsync(crashed, chunks: 1, perChunk: 10);
        Assert.NotNull(await crashed.ClaimChunkAsync("run-1#1", Lease, CancellationToken.None));

        // The next run of the only process using the file: no one else can hold a lease in it.
        var restarted = new SqliteStore(options, _time);

        Assert.NotNull(await restarted.ClaimChunkAsync("run-2#1", Lease, CancellationToken.None));
    }

    /// <summary>A job whose upload completed: <paramref name="chunks"/> chunks of <paramref name="perChunk"/> records.</summary>
    private static async Task<JobRecord> QueuedJobAsync(IJobStore store, int chunks, int perChunk)
    {
        JobRecord job = await store.CreateJobAsync("BHXH", "06", "tolerant", "csv", null, CancellationToken.None);
        for (int c = 0; c < chunks; c++)
        {
            await store.AppendAsync(job.Number, Records((c * perChunk) + 1, perChunk), [], CancellationToken.None);
        }

        await store.CompleteUploadAsync(job.Number, chunks * perChunk, 0, [], CancellationToken.None);
        return job;
    }

    private static InputRecord[] Records(long from, int count) =>
        [.. Enumerable.Range(0, count).Select(i => from + i).Select(l => new InputRecord(l, $"00109{l:D7}", $"Nguyễn Văn {l}", "01/01/1990", "Nam", $"HS{l}"))];

    /// <summary>Commits every line of the chunk with <paramref name="verdict"/>, counted as the worker counts.</summary>
    private static async Task<ChunkCommit> CommitAsync(IJobStore store, ChunkLease chunk, string verdict)
    {
        IReadOnlyList<InputRecord> records = await store.ReadRecordsAsync(chunk, CancellationToken.None);
        ResultRow[] results = [.. records.Select(r => new ResultRow(r.Line, verdict, "001*******01", null, null, null, null, default, default, 1f, r.Reference, null))];
        var counts = new Dictionary<StatisticsKey, long> { [new StatisticsKey("BHXH", "06", "2026-07-01", chunk.Job.Id, verdict)] = results.Length };
        return await store.CommitResultsAsync(chunk, results, counts, CancellationToken.None);
    }

    private static async Task AssertStoredOnceAsync(IJobStore store, JobRecord job, int lines, string verdict)
    {
        List<ResultRow> results = await ToListAsync(store.ReadResultsAsync(job.Number, false, CancellationToken.None));
        Assert.Equal(Enumerable.Range(1, lines).Select(l => (long)l), results.Select(r => r.Line));
        Assert.All(results, r => Assert.Equal(verdict, r.Verdict));
        IReadOnlyList<StatisticsRow> counts = await ((IStatisticsStore)store).QueryAsync(new StatisticsFilter(Source: job.Id), CancellationToken.None);
        Assert.Equal([(verdict, (long)lines)], counts.Select(c => (c.Verdict, c.Count)));
        Assert.Equal(lines, (await store.GetJobAsync(job.Id, CancellationToken.None))!.Processed);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
