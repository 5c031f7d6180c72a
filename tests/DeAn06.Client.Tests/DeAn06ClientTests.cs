using System.Net;
using DeAn06.Client.Tests.Support;
using DeAn06.Contracts;

namespace DeAn06.Client.Tests;

public sealed class DeAn06ClientTests
{
    [Fact]
    public async Task FollowJobAsync_UntilCompleted_PollsOnTheInjectedClock()
    {
        using var scope = new ClientScope(o => o with { PollInterval = TimeSpan.FromSeconds(5) });
        scope.Gateway.Respond = (_, n) => StubGateway.Json(StubGateway.JobAnswer.Replace("Queued", n < 2 ? "Running" : "Completed", StringComparison.Ordinal));
        var seen = new List<string>();

        Task follow = Task.Run(async () =>
        {
            await foreach (JobStatusResponse status in scope.Client.FollowJobAsync("j-1"))
            {
                seen.Add(status.Status);
            }
        });
        await Eventually.TrueAsync(() => follow.IsCompleted, "the job followed to completion", () => scope.Time.Advance(TimeSpan.FromSeconds(1)));
        await follow;

        Assert.Equal(["Running", "Running", "Completed"], seen);
        IReadOnlyList<StubGateway.Sent> polls = scope.Gateway.Api;
        Assert.All(polls.Zip(polls.Skip(1)), p => Assert.True(p.Second.At - p.First.At >= TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task GetStatisticsAsync_FormatAndFilters_SentAsQuery()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Json("BHXH Bắc Kạn: 310.080/310.462 (99,87 %)\n", type: "text/plain");

        string report = await scope.Client.GetStatisticsAsync("markdown", new Dictionary<string, string> { ["sector"] = "BHXH", ["province"] = "06" });

        Assert.Equal("BHXH Bắc Kạn: 310.080/310.462 (99,87 %)\n", report);
        StubGateway.Sent sent = Assert.Single(scope.Gateway.Api);
        Assert.Equal("/api/v1/statistics", sent.Path);
        Assert.Equal(["format=markdown", "province=06", "sector=BHXH"], sent.Query.TrimStart('?').Split('&').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetJobSummaryAsync_TextAnswer_LineWithoutItsEnd()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Json("GIAODUC: 45/50 (90,00 %)\n", type: "text/plain");

        Assert.Equal("GIAODUC: 45/50 (90,00 %)", await scope.Client.GetJobSummaryAsync("j/1"));
        StubGateway.Sent sent = Assert.Single(scope.Gateway.Api);
        Assert.Equal("/api/v1/jobs/j%2F1/summary", sent.Path);
        Assert.Equal("?format=text", sent.Query);
    }

    [Fact]
    public async Task DownloadErrorsAsync_JobNotFound_ApiExceptionWithTheCode()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Problem(HttpStatusCode.NotFound, "JOB_NOT_FOUND");
        using var destination = new MemoryStream();

        var ex = await Assert.ThrowsAsync<DeAn06ApiException>(() => scope.Client.DownloadErrorsAsync("j-9", destination));

        Assert.Equal("JOB_NOT_FOUND", ex.Code);
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task DeleteJobAsync_Deleted_NoException()
    {
        // SignedCms cannot sign an empty body (the gateway's own signer can): answers unchecked here.
        using var scope = new ClientScope(checkAnswers: false);
        scope.Gateway.Respond = (_, _) => StubGateway.Unsigned(new HttpResponseMessage(HttpStatusCode.NoContent) { Content = new ByteArrayContent([]) });

        await scope.Client.DeleteJobAsync("j-1");

        StubGateway.Sent sent = Assert.Single(scope.Gateway.Api);
        Assert.Equal(HttpMethod.Delete, sent.Method);
        Assert.Equal("/api/v1/jobs/j-1", sent.Path);
    }
}
