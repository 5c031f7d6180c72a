using DeAn06.Gateway.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace DeAn06.Gateway.Tests.Metrics;

public sealed class RecentTrafficTests
{
    [Fact]
    public void Summary_HundredDurations_PercentilesAreValuesNotBucketBounds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var traffic = new RecentTraffic(time);
        for (int ms = 1; ms <= 100; ms++)
        {
            traffic.Record(ms / 1000.0, failed: ms > 97);
        }

        TrafficPoint summary = traffic.Summary(TimeSpan.FromMinutes(5));
        // A histogram with the old buckets (…, 50, 100, 250 ms) would say 50, 100 and 100.
        Assert.Equal((100, 3), (summary.Requests, summary.Failures));
        Assert.Equal(50, summary.P50Ms);
        Assert.Equal(95, summary.P95Ms);
        Assert.Equal(99, summary.P99Ms);
    }

    [Fact]
    public void Series_SlotsOverTime_OnePointPerSlotOldestFirstAndOldSlotsForgotten()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var traffic = new RecentTraffic(time);
        traffic.Record(0.004, failed: false);
        time.Advance(TimeSpan.FromSeconds(10));
        traffic.Record(0.008, failed: true);
        traffic.Record(0.010, failed: false);

        IReadOnlyList<TrafficPoint> series = traffic.Series(TimeSpan.FromSeconds(30));
        Assert.Equal(3, series.Count);
        Assert.Equal([0L, 1L, 2L], series.Select(p => p.Requests));
        Assert.Equal(1, series[2].Failures);
        Assert.Equal(4, series[1].P50Ms);
        Assert.Null(series[0].P50Ms);

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, traffic.Summary(TimeSpan.FromMinutes(5)).Requests);
    }

    [Fact]
    public void Summary_MoreDurationsThanASampleWouldKeep_PercentilesStayExact()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var traffic = new RecentTraffic(time);
        // 100,000 answers in one slot, 1 µs to 100 ms: a sample of a few thousand would put p50 a millisecond or so off.
        for (int us = 1; us <= 100_000; us++)
        {
            traffic.Record(us / 1_000_000.0, failed: false);
        }

        TrafficPoint summary = traffic.Summary(TimeSpan.FromMinutes(5));
        Assert.Equal((50.0, 95.0, 99.0), (summary.P50Ms, summary.P95Ms, summary.P99Ms));
        Assert.Equal((50.0, 95.0, 99.0), (traffic.Series(RecentTraffic.SlotWidth)[0].P50Ms, traffic.Series(RecentTraffic.SlotWidth)[0].P95Ms, traffic.Series(RecentTraffic.SlotWidth)[0].P99Ms));
    }

    [Fact]
    public void Series_SlotsOlderThanTheKeptHistograms_KeepTheirPercentiles()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var traffic = new RecentTraffic(time);
        // One slot in every 10 s for 20 minutes, each slot's durations its own: 1..10 ms plus the slot's number.
        const int slots = 120;
        for (int s = 0; s < slots; s++)
        {
            for (int ms = 1; ms <= 10; ms++)
            {
                traffic.Record((s + ms) / 1000.0, failed: false);
            }

            time.Advance(RecentTraffic.SlotWidth);
        }

        IReadOnlyList<TrafficPoint> series = traffic.Series(TimeSpan.FromHours(1));
        TrafficPoint[] recorded = series.Where(p => p.Requests > 0).ToArray();
        Assert.Equal(slots, recorded.Length);
        for (int s = 0; s < slots; s++)
        {
            Assert.Equal((s + 5.0, s + 10.0, s + 10.0), (recorded[s].P50Ms, recorded[s].P95Ms, recorded[s].P99Ms));
        }

        // The summary covers the last five minutes only: 30 slots, the current one (empty) and 29 recorded.
        TrafficPoint summary = traffic.Summary(TimeSpan.FromMinutes(5));
        Assert.Equal(290, summary.Requests);
        // Its longest durations are the newest slots': 129 ms once, 128 ms twice, 127 ms three times; p99 is the
        // 287th of 290 (HdrHistogram rounds the rank, 0.99 × 290 + 0.5, where nearest-rank would take the 288th).
        Assert.Equal(127.0, summary.P99Ms);

    }

    /// <summary>
    /// Nothing is allocated per recorded request. Measured over many calls and compared with one byte a
    /// call: the runtime itself may allocate a few KB on the test's thread while it recompiles the
    /// loop (tiered JIT, on-stack replacement), which an exact 0 turned into a failure on a busy CI
    /// machine; one object per call would be ≥ 24 bytes a call.
    /// </summary>
    [Fact]
    public void Record_AfterWarmUp_AllocatesNothing()
    {
        const int Calls = 200_000;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var traffic = new RecentTraffic(time);
        for (int i = 0; i < 10_000; i++)
        {
            traffic.Record(i / 100_000.0, failed: i % 100 == 0);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            traffic.Record(i / 1_000_000.0, failed: i % 100 == 0);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Calls, $"{allocated} bytes for {Calls} recorded requests");
    }
}
