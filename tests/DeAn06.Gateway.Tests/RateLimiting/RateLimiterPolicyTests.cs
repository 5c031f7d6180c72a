using System.Net.Sockets;
using System.Text;
using System.Threading.RateLimiting;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.RateLimiting;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Gateway.Tests.RateLimiting;

/// <summary>The route's RateLimiterPolicy (from configuration): per-consumer buckets from the store, and the global limit.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RateLimiterPolicyTests(GatewayFixture fixture)
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";

    [Fact]
    public async Task RoutePolicy_Consumer_429WithRetryAfter_OtherConsumerUnaffected_DisabledRouteUnlimited()
    {
        (string, string)[] slow = [("Consumers:Clients:SLOW:RatePerSecond", "1"), ("Consumers:Clients:SLOW:Burst", "1")];
        await using (WebApplicationFactory<Program> limited = fixture.CreateGateway(null, slow))
        {
            using HttpClient client = await GatewayFixture.ClientForAsync(limited, "SLOW");
            using HttpClient other = await GatewayFixture.ClientForAsync(limited, "THUE");
            HttpResponseMessage? refused = null;
            for (int i = 0; i < 5 && refused is null; i++)
            {
                HttpResponseMessage r = await client.PostAsync("/api/v1/verify", Json());
                refused = (int)r.StatusCode == 429 ? r : null;
                Assert.True((await other.PostAsync("/api/v1/verify", Json())).IsSuccessStatusCode);
            }

            Assert.NotNull(refused);
            await GatewayFixture.ProblemAsync(refused, 429, "RATE_LIMITED");
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.False(limited.Services.GetRequiredService<ConsumerLimiter>().Rejected.ContainsKey("THUE"));
        }

        // The same consumer on a route whose policy turns rate limiting off: never refused.
        await using WebApplicationFactory<Program> open = fixture.CreateGateway(null, [.. slow, ("ReverseProxy:Routes:verify:RateLimiterPolicy", "Disable")]);
        using HttpClient unlimited = await GatewayFixture.ClientForAsync(open, "SLOW");
        for (int i = 0; i < 5; i++)
        {
            HttpResponseMessage r = await unlimited.PostAsync("/api/v1/verify", Json());
            Assert.True(r.IsSuccessStatusCode, $"request {i}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task GlobalConcurrency_OneRequestInFlight_OthersGetOverloadedUntilItEnds()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("Gateway:GlobalConcurrency", "1"));
        Uri server = KestrelGateway.Start(gateway);
        using var tokens = new HttpClient { BaseAddress = server };
        string bhxh = await GatewayFixture.TokenAsync(tokens, "BHXH");
        using HttpClient thue = new() { BaseAddress = server };
        thue.DefaultRequestHeaders.Authorization = new("Bearer", await GatewayFixture.TokenAsync(tokens, "THUE"));

        // BHXH's request holds the only permit while its body keeps arriving (a chunk every 100 ms, so
        // Kestrel's minimum body rate never ends it). If it arrived while a THUE call held the permit,
        // it was answered (refused) at once: then it is sent again, until it is the one holding.
        HeldRequest held = await HeldRequest.StartAsync(server, bhxh);
        try
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            HttpResponseMessage overloaded;
            while ((int)(overloaded = await thue.PostAsync("/api/v1/verify", Json())).StatusCode != 429)
            {
                Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60), "the held request never held the permit");
                if (held.Answered)
                {
                    await held.DisposeAsync();
                    held = await HeldRequest.StartAsync(server, bhxh);
                }
            }

            await GatewayFixture.ProblemAsync(overloaded, 429, "OVERLOADED");
            Assert.True(overloaded.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.True(gateway.Services.GetRequiredService<ConsumerLimiter>().Rejected["*"] >= 1);
        }
        finally
        {
            await held.DisposeAsync();
        }

        // The held request is gone (its connection closed): the permit comes back.
        await UntilAsync(thue, r => r.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Store_Replaced_ItsLimitersDecide()
    {
        var store = new OneRequestStore();
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway().WithWebHostBuilder(b =>
            b.ConfigureTestServices(s => s.AddSingleton<IConsumerRateLimitStore>(store)));
        using HttpClient thue = await GatewayFixture.ClientForAsync(gateway, "THUE");
        Assert.True((await thue.PostAsync("/api/v1/verify", Json())).IsSuccessStatusCode);
        HttpResponseMessage refused = await thue.PostAsync("/api/v1/verify", Json());
        await GatewayFixture.ProblemAsync(refused, 429, "RATE_LIMITED");
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromMinutes(59));
        Assert.Contains("THUE", store.Asked);
    }

    private static async Task<HttpResponseMessage> UntilAsync(HttpClient client, Func<HttpResponseMessage, bool> done)
    {
        var deadline = TimeSpan.FromSeconds(60);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            HttpResponseMessage r = await client.PostAsync("/api/v1/verify", Json());
            if (done(r))
            {
                return r;
            }

            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < deadline, $"still {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
            await Task.Delay(50);
        }
    }

    private static StringContent Json() => new(Record, Encoding.UTF8, "application/json");

    /// <summary>A request whose chunked body never ends while it lives.</summary>
    private sealed class HeldRequest : IAsyncDisposable
    {
        private readonly TcpClient _client = new();
        private readonly CancellationTokenSource _stop = new();
        private Task _feeding = Task.CompletedTask;

        /// <summary>The gateway has answered it (so it holds nothing).</summary>
        public bool Answered => _client.Available > 0;

        public static async Task<HeldRequest> StartAsync(Uri server, string token)
        {
            var held = new HeldRequest();
            await held._client.ConnectAsync(server.Host, server.Port);
            NetworkStream stream = held._client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /api/v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
            byte[] chunk = Encoding.ASCII.GetBytes("40\r\n" + new string(' ', 64) + "\r\n"); // JSON may start with whitespace
            held._feeding = Task.Run(async () =>
            {
                while (!held._stop.IsCancellationRequested)
                {
                    await stream.WriteAsync(chunk);
                    await Task.Delay(100);
                }
            });
            return held;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _feeding;
            }
            catch (IOException)
            {
                // the gateway closed the connection after answering
            }

            _client.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>A shared store stand-in: one request an hour per consumer.</summary>
    private sealed class OneRequestStore : IConsumerRateLimitStore
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Asked { get; } = [];

        public RateLimiter CreateLimiter(string consumerId, Consumer consumer)
        {
            Asked.Add(consumerId);
            return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromHours(1), QueueLimit = 0, AutoReplenishment = false,
            });
        }
    }
}
