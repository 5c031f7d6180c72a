using DeAn06.Verification.Batch;
using DeAn06.Verification.Storage;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Tests.Batch;

/// <summary>
/// The in-memory shortcut from an upload's parsed records to the worker: it may only ever hand over
/// exactly the claimed chunk, and otherwise nothing (the worker then reads the store).
/// </summary>
public sealed class ParsedChunksTests
{
    [Fact]
    public void TryTake_TheClaimedChunk_ItsRecordsOnce()
    {
        var parsed = Parsed(100);
        parsed.Add(7, Records(2, 11));
        parsed.Add(7, Records(12, 21));

        IReadOnlyList<InputRecord>? taken = parsed.TryTake(Lease(7, 2, 11));

        Assert.Equal(Records(2, 11), taken);
        Assert.Null(parsed.TryTake(Lease(7, 2, 11)));
        Assert.Equal(10, parsed.Records);
    }

    [Fact]
    public void TryTake_AChunkWithOtherBounds_NothingAndTheStoreIsRead()
    {
        var parsed = Parsed(100);
        parsed.Add(7, Records(2, 11));

        Assert.Null(parsed.TryTake(Lease(7, 2, 12)));
        Assert.Null(parsed.TryTake(Lease(8, 2, 11)));
    }

    [Fact]
    public void TryTake_ALaterChunk_ForgetsTheEarlierOnesClaimedElsewhere()
    {
        var parsed = Parsed(100);
        parsed.Add(7, Records(2, 11));
        parsed.Add(7, Records(12, 21));
        parsed.Add(8, Records(2, 11));

        Assert.NotNull(parsed.TryTake(Lease(7, 12, 21)));

        Assert.Equal(10, parsed.Records);
        Assert.Null(parsed.TryTake(Lease(7, 2, 11)));
        Assert.NotNull(parsed.TryTake(Lease(8, 2, 11)));
    }

    [Fact]
    public void Add_BeyondTheBound_KeepsTheEarlierChunksOnly()
    {
        var parsed = Parsed(15);
        parsed.Add(7, Records(2, 11));
        parsed.Add(7, Records(12, 21));

        Assert.Equal(10, parsed.Records);
        Assert.NotNull(parsed.TryTake(Lease(7, 2, 11)));
        Assert.Null(parsed.TryTake(Lease(7, 12, 21)));
    }

    [Fact]
    public void Forget_AnErasedJob_NothingOfItLeft()
    {
        var parsed = Parsed(100);
        parsed.Add(7, Records(2, 11));
        parsed.Add(8, Records(2, 11));

        parsed.Forget(7);

        Assert.Equal(10, parsed.Records);
        Assert.Null(parsed.TryTake(Lease(7, 2, 11)));
    }

    private static ParsedChunks Parsed(int bound) => new(Options.Create(new BatchOptions { ParsedRecordsInMemory = bound }));

    private static List<InputRecord> Records(long first, long last) =>
        [.. Enumerable.Range((int)first, (int)(last - first + 1)).Select(l => new InputRecord(l, $"0010{l:D8}", "Nguyễn Văn An", "01/02/1990", "Nam", null))];

    private static ChunkLease Lease(long job, long first, long last) =>
        new(new JobRecord(job, $"job-{job}", "BHXH", "Bắc Kạn", "tolerant", "csv", JobStatus.Running, 0, 0, 0, 0, DateTimeOffset.UnixEpoch, null, null, null, null),
            first, last, "test", DateTimeOffset.UnixEpoch);
}
