using System.Diagnostics;
using System.Threading.RateLimiting;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.RateLimiting;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.RateLimiting;

/// <summary>The consumers' buckets in a real Redis (Debian's redis-server): shared by every gateway, and what happens when Redis is down.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RedisRateLimitStoreTests(GatewayFixture fixture)
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private static readonly Consumer TenPerBurst = new() { RatePerSecond = 1, Burst = 10 };

    [Fact]
    public async Task AcquireAsync_TwoStoresOneRedis_ShareOneBucket()
    {
        await using RedisProcess redis = await RedisProcess.StartAsync();
        using RedisRateLimitStore gateway1 = Store(redis.ConnectionString), gateway2 = Store(redis.ConnectionString);
        using RateLimiter a = gateway1.CreateLimiter("BHXH", TenPerBurst), b = gateway2.CreateLimiter("BHXH", TenPerBurst);
        int admitted = 0;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 30; i++)
        {
            using RateLimitLease lease = await (i % 2 == 0 ? a : b).AcquireAsync();
            admitted += lease.IsAcquired ? 1 : 0;
        }

        // One bucket of 10 (plus what 1/s refilled meanwhile); each gateway counting alone would admit 20.
        Assert.InRange(admitted, 10, 10 + (int)Math.Ceiling(watch.Elapsed.TotalSeconds));
        Assert.Equal(0, gateway1.FallbackCount + gateway2.FallbackCount);
    }

    [Fact]
    public async Task AcquireAsync_SustainedFloodFromTwoStores_AdmitsBurstPlusRateTimesTime()
    {
        await using RedisProcess redis = await RedisProcess.StartAsync();
        using RedisRateLimitStore gateway1 = Store(redis.ConnectionString), gateway2 = Store(redis.ConnectionString);
        var consumer = new Consumer { RatePerSecond = 10, Burst = 10 };
        using RateLimiter a = gateway1.CreateLimiter("DATDAI", consumer), b = gateway2.CreateLimiter("DATDAI", consumer);
        // Connected first (as RateLimitStoreWarmUp does while a gateway starts), so the flood measures the bucket, not the connect.
        var connecting = Stopwatch.StartNew();
        while (!(gateway1.IsConnected && gateway2.IsConnected))
        {
            Assert.True(connecting.Elapsed < TimeSpan.FromSeconds(60), "the stores did not connect to Redis within 60 s");
            await Task.Delay(50);
        }

        int admitted = 0, calls = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            while (watch.Elapsed < TimeSpan.FromSeconds(5))
            {
                using RateLimitLease lease = await (i % 2 == 0 ? a : b).AcquireAsync();
                Interlocked.Increment(ref calls);
                if (lease.IsAcquired)
                {
                    Interlocked.Increment(ref admitted);
                }
            }
        })));
        double expected = 10 + (10 * watch.Elapsed.TotalSeconds);
        Assert.True(Math.Abs(admitted - expected) <= expected * 0.1, $"admitted {admitted} of {calls} in {watch.Elapsed.TotalSeconds:F1} s, expected {expected:F0}; fallbacks {gateway1.FallbackCount + gateway2.FallbackCount}");
    }

    [Fact]
    public async Task AcquireAsync_BucketEmpty_RefusedWithRetryAfter()
    {
        await using RedisProcess redis = await RedisProcess.StartAsync();
        using RedisRateLimitStore store = Store(redis.ConnectionString);
        using RateLimiter limiter = store.CreateLimiter("THUE", new Consumer { RatePerSecond = 2, Burst = 1 });
        using RateLimitLease first = await limiter.AcquireAsync();
        using RateLimitLease second = await limiter.AcquireAsync();
        Assert.True(first.IsAcquired);
        Assert.False(second.IsAcquired);
        Assert.True(second.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait));
        Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task AcquireAsync_RedisKilled_FallsOpenToThisGatewaysOwnBucket()
    {
        await using RedisProcess redis = await RedisProcess.StartAsync();
        using RedisRateLimitStore store = Store(redis.ConnectionString);
        using RateLimiter limiter = store.CreateLimiter("YTE", new Consumer { RatePerSecond = 1, Burst = 5 });
        using (RateLimitLease viaRedis = await limiter.AcquireAsync())
        {
            Assert.True(viaRedis.IsAcquired);
        }

        await redis.KillAsync();
        var outcomes = new List<bool>();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 12; i++)
        {
            using RateLimitLease lease = await limiter.AcquireAsync(); // never throws: answered by the in-process bucket
            outcomes.Add(lease.IsAcquired);
        }

        // Fail-open to per-node limits: the gateway's own bucket (burst 5) still refuses a flood; nothing waits for Redis for long.
        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
        Assert.InRange(outcomes.Count(o => o), 5, 5 + (int)Math.Ceiling(watch.Elapsed.TotalSeconds));
        Assert.True(store.FallbackCount >= 11, $"fallbacks: {store.FallbackCount}");
    }

    [Fact]
    public async Task RoutePolicy_RedisStore_TwoGatewaysAdmitOneBucketBetweenThem()
    {
        await using RedisProcess redis = await RedisProcess.StartAsync();
        (string, string)[] settings = [("RateLimiting:Store", "Redis"), ("ConnectionStrings:Redis", redis.ConnectionString),
            ("Consumers:Clients:SLOW:RatePerSecond", "1"), ("Consumers:Clients:SLOW:Burst", "4")];
        await using WebApplicationFactory<Program> first = fixture.CreateGateway(null, settings), second = fixture.CreateGateway(null, settings);
        Assert.IsType<RedisRateLimitStore>(first.Services.GetRequiredService<IConsumerRateLimitStore>());
        using HttpClient one = await GatewayFixture.ClientForAsync(first, "SLOW"), two = await GatewayFixture.ClientForAsync(second, "SLOW");
        int admitted = 0, refused = 0;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 16; i++)
        {
            using var body = new StringContent(Record, System.Text.Encoding.UTF8, "application/json");
            using HttpResponseMessage r = await (i % 2 == 0 ? one : two).PostAsync("/api/v1/verify", body);
            if ((int)r.StatusCode == 429)
            {
                refused++;
            }
            else
            {
                admitted++;
            }
        }

        Assert.InRange(admitted, 4, 4 + (int)Math.Ceiling(watch.Elapsed.TotalSeconds));
        Assert.True(refused > 0);
    }

    [Fact]
    public void Options_RedisWithoutConnectionString_NamesTheSetting()
    {
        var options = new RateLimitStoreOptions { Store = RateLimitStoreKind.Redis };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Equal("ConnectionStrings:Redis", Assert.Single(Assert.Single(results).MemberNames));
        Assert.Equal(RateLimitStoreKind.InProcess, new RateLimitStoreOptions().Store);
    }

    private static RedisRateLimitStore Store(string connectionString) =>
        new(Options.Create(new RateLimitStoreOptions { Store = RateLimitStoreKind.Redis, ConnectionString = connectionString }), NullLogger<RedisRateLimitStore>.Instance);
}
