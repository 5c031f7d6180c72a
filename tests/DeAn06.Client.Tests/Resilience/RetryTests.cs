using System.Net;
using System.Text;
using DeAn06.Client.Tests.Support;

namespace DeAn06.Client.Tests.Resilience;

/// <summary>The standard resilience handler as the SDK sets it up, on the fake clock.</summary>
public sealed class RetryTests
{
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\nA-1,001085866844,Nguyễn Văn Hùng,22/11/1985,Nam\n");

    [Fact]
    public async Task SendAsync_RateLimitedWithRetryAfter_RetriedOnlyAfterThatTimeOnTheInjectedClock()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, n) => n == 0
            ? StubGateway.Problem(HttpStatusCode.TooManyRequests, "RATE_LIMITED", retryAfterSeconds: 40)
            : StubGateway.Json(StubGateway.VerifyAnswer);

        Task<DeAn06.Contracts.VerificationResponse> call = scope.Client.VerifyAsync(ClientScope.Record);
        await Eventually.TrueAsync(() => scope.Gateway.Api.Count == 1, "the first attempt");
        // Only the fake clock moves: a retry on the wall clock (or without the wait) shows in the times.
        await Eventually.TrueAsync(() => scope.Gateway.Api.Count == 2, "the retry", () => scope.Time.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal("MATCH", (await call).Result.Verdict);
        // At least the 40 s asked for (not the default 2 s backoff); the clock steps 1 s per poll, so a
        // busy machine may let it run on a little before the wait is scheduled.
        TimeSpan waited = scope.Gateway.Api[1].At - scope.Gateway.Api[0].At;
        Assert.InRange(waited, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(80));
        Assert.Equal(scope.Gateway.Api[0].Body, scope.Gateway.Api[1].Body);
    }

    [Fact]
    public async Task SendAsync_UpstreamUnavailableProblem_RetriedAfterRetryAfter()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, n) => n == 0
            ? StubGateway.Problem(HttpStatusCode.ServiceUnavailable, "UPSTREAM_UNAVAILABLE", retryAfterSeconds: 20)
            : StubGateway.Json(StubGateway.JobAnswer);

        Task<DeAn06.Contracts.JobStatusResponse> call = scope.Client.GetJobAsync("j-1");
        await Eventually.TrueAsync(() => scope.Gateway.Api.Count == 1, "the first attempt");
        await Eventually.TrueAsync(() => scope.Gateway.Api.Count == 2, "the retry", () => scope.Time.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal("j-1", (await call).JobId);
        Assert.InRange(scope.Gateway.Api[1].At - scope.Gateway.Api[0].At, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task SendAsync_JobSubmitWithoutIdempotencyKey_NeverRetried()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, n) => n == 0
            ? StubGateway.Problem(HttpStatusCode.ServiceUnavailable, "UPSTREAM_UNAVAILABLE", retryAfterSeconds: 1)
            : StubGateway.Json(StubGateway.JobAnswer, HttpStatusCode.Accepted);

        var ex = await Assert.ThrowsAsync<DeAn06ApiException>(() => WhileTimePassesAsync(scope, scope.Client.SubmitBatchAsync(Csv, BatchFormat.Csv)));

        Assert.Equal("UPSTREAM_UNAVAILABLE", ex.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), ex.RetryAfter);
        Assert.Single(scope.Gateway.Api);
    }

    [Fact]
    public async Task SendAsync_JobSubmitConnectionLostWithoutIdempotencyKey_NeverRetried()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, n) => n == 0 ? throw new HttpRequestException("connection reset") : StubGateway.Json(StubGateway.JobAnswer);

        await Assert.ThrowsAsync<HttpRequestException>(() => WhileTimePassesAsync(scope, scope.Client.SubmitBatchAsync(Csv, BatchFormat.Csv)));

        Assert.Single(scope.Gateway.Api);
    }

    [Fact]
    public async Task SendAsync_JobSubmitWithIdempotencyKey_RetriedWithTheSameKeyAndSignedBytes()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, n) => n == 0
            ? StubGateway.Problem(HttpStatusCode.ServiceUnavailable, "UPSTREAM_UNAVAILABLE", retryAfterSeconds: 5)
            : StubGateway.Json(StubGateway.JobAnswer, HttpStatusCode.Accepted);

        Task<DeAn06.Contracts.JobStatusResponse> call = scope.Client.SubmitBatchAsync(Csv, BatchFormat.Csv, "bhxh-2026-12-part1");
        await Eventually.TrueAsync(() => scope.Gateway.Api.Count == 2, "the retry", () => scope.Time.Advance(TimeSpan.FromSeconds(1)));

        Assert.Equal("j-1", (await call).JobId);
        Assert.All(scope.Gateway.Api, r => Assert.Equal("bhxh-2026-12-part1", r.IdempotencyKey));
        Assert.All(scope.Gateway.Api, r => Assert.Equal(Csv, r.Body));
        Assert.All(scope.Gateway.Api, r => Assert.NotNull(r.Signature));
    }

    [Fact]
    public async Task SendAsync_ClientError_NotRetried()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Problem(HttpStatusCode.BadRequest, "SIGNATURE_INVALID");

        var ex = await Assert.ThrowsAsync<DeAn06ApiException>(() => WhileTimePassesAsync(scope, scope.Client.VerifyAsync(ClientScope.Record)));

        Assert.Equal("SIGNATURE_INVALID", ex.Code);
        Assert.Single(scope.Gateway.Api);
    }

    [Fact]
    public async Task SendAsync_RetriesOff_RateLimitSurfacesWithRetryAfter()
    {
        using var scope = new ClientScope(o => o with { MaxRetryAttempts = 0 });
        scope.Gateway.Respond = (_, _) => StubGateway.Problem(HttpStatusCode.TooManyRequests, "RATE_LIMITED", retryAfterSeconds: 3);

        var ex = await Assert.ThrowsAsync<DeAn06ApiException>(() => WhileTimePassesAsync(scope, scope.Client.VerifyAsync(ClientScope.Record)));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
        Assert.Single(scope.Gateway.Api);
    }

    [Fact]
    public async Task SendAsync_ManyRateLimitedCalls_CircuitStaysClosed()
    {
        using var scope = new ClientScope(o => o with { MaxRetryAttempts = 0 });
        scope.Gateway.Respond = (sent, n) => n < 150
            ? StubGateway.Problem(HttpStatusCode.TooManyRequests, "RATE_LIMITED", retryAfterSeconds: 1)
            : StubGateway.Json(StubGateway.VerifyAnswer);
        for (int i = 0; i < 150; i++)
        {
            await Assert.ThrowsAsync<DeAn06ApiException>(() => scope.Client.VerifyAsync(ClientScope.Record));
        }

        // 100 % failures over more than the breaker's minimum throughput: 5xx would have opened it.
        Assert.Equal("MATCH", (await scope.Client.VerifyAsync(ClientScope.Record)).Result.Verdict);
    }

    [Fact]
    public async Task SendAsync_ManyUnavailableAnswers_CircuitOpens()
    {
        using var scope = new ClientScope(o => o with { MaxRetryAttempts = 0 });
        scope.Gateway.Respond = (sent, n) => n < 150
            ? StubGateway.Problem(HttpStatusCode.ServiceUnavailable, "UPSTREAM_UNAVAILABLE")
            : StubGateway.Json(StubGateway.VerifyAnswer);
        for (int i = 0; i < 150; i++)
        {
            try
            {
                await scope.Client.VerifyAsync(ClientScope.Record);
            }
            catch (DeAn06ApiException)
            {
            }
            catch (Polly.CircuitBreaker.BrokenCircuitException)
            {
            }
        }

        await Assert.ThrowsAsync<Polly.CircuitBreaker.BrokenCircuitException>(() => scope.Client.VerifyAsync(ClientScope.Record));
        Assert.True(scope.Gateway.Api.Count < 150); // calls refused without reaching the gateway
    }

    /// <summary>
    /// Awaits <paramref name="call"/> while the fake clock runs on, so a retry that should not happen
    /// happens (and shows in the requests) instead of waiting for ever on a clock that stands still.
    /// </summary>
    private static async Task<T> WhileTimePassesAsync<T>(ClientScope scope, Task<T> call)
    {
        await Eventually.TrueAsync(() => call.IsCompleted, "the call to finish", () => scope.Time.Advance(TimeSpan.FromSeconds(1)));
        return await call;
    }
}
