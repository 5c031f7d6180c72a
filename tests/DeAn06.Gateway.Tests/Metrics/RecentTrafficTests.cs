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
}
