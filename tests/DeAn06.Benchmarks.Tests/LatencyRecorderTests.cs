using DeAn06.Benchmarks;

namespace DeAn06.Benchmarks.Tests;

/// <summary>The HdrHistogram wrapper: its unit conversions, bounds and merging.</summary>
public sealed class LatencyRecorderTests
{
    [Fact]
    public void Percentiles_OneToTenThousandMicroseconds_WithinOnePerMilleOfExact()
    {
        var r = new LatencyRecorder();
        for (int us = 1; us <= 10_000; us++)
        {
            r.Record(TimeSpan.FromMicroseconds(us));
        }

        Assert.Equal(10_000, r.Count);
        AssertClose(0.001, r.Min);
        AssertClose(5.000, r.Percentile(50));
        AssertClose(9.900, r.Percentile(99));
        AssertClose(10.000, r.Max);
        AssertClose(5.0005, r.Mean);
        Assert.Contains("p99=9.90", r.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void RecordMilliseconds_ServerTimingFraction_KeepsTenthsOfMicroseconds()
    {
        var r = new LatencyRecorder();
        r.RecordMilliseconds(0.0143);
        r.RecordMilliseconds(2.19);

        AssertClose(0.0143, r.Percentile(50));
        AssertClose(2.19, r.Max);
    }

    [Fact]
    public void Percentile_NothingRecorded_NaN()
    {
        var r = new LatencyRecorder();

        Assert.Equal(0, r.Count);
        Assert.True(double.IsNaN(r.Percentile(50)) && double.IsNaN(r.Max) && double.IsNaN(r.Mean) && double.IsNaN(r.Min));
    }

    [Fact]
    public void Record_OutsideTheTrackedRange_ClampedNotThrown()
    {
        var r = new LatencyRecorder();
        r.Record(TimeSpan.FromHours(2));
        r.Record(TimeSpan.FromMilliseconds(-1));
        r.RecordMilliseconds(double.MaxValue);

        Assert.Equal(3, r.Count);
        Assert.Equal(0, r.Min);
        AssertClose(LatencyRecorder.Highest.TotalMilliseconds, r.Max);
    }

    [Fact]
    public async Task Record_FromManyTasksThenAdd_EverySampleCounted()
    {
        var a = new LatencyRecorder();
        var b = new LatencyRecorder();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                (t % 2 == 0 ? a : b).Record(TimeSpan.FromMilliseconds(t % 2 == 0 ? 1 : 3));
            }
        })));

        a.Add(b);

        Assert.Equal(80_000, a.Count);
        AssertClose(1, a.Percentile(50));
        AssertClose(3, a.Percentile(51));
        AssertClose(2, a.Mean);
    }

    /// <summary>Three significant digits: a value read back is within 0.1 % of the one recorded.</summary>
    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= expected * 0.001, $"expected {expected} ms, got {actual} ms");
}
