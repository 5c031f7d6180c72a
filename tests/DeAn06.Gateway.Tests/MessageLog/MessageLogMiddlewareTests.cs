using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.MessageLog;

/// <summary>
/// Answers wait for their entry's commit. The log's writer is held by another connection taking
/// SQLite's write lock (BEGIN IMMEDIATE): the writer's insert then waits for it, as a slow or
/// failing disk would make it wait.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class MessageLogMiddlewareTests(GatewayFixture fixture)
{
    [Fact]
    public async Task InvokeAsync_CommitHeld_NoAnswerUntilCommitted()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("MessageLog:CommitTimeout", "00:02:00"));
        using HttpClient client = gateway.CreateClient();
        string path = LogPath(gateway);
        string id = "held-" + Guid.NewGuid().ToString("N");
        Task<HttpResponseMessage> answer;
        using (SqliteConnection writeLock = Lock(path))
        {
            answer = client.SendAsync(Get("/ops/assets/ops.css", id));
            await Assert.ThrowsAsync<TimeoutException>(() => answer.WaitAsync(TimeSpan.FromMilliseconds(500)));
            Assert.Empty(Statuses(path, id));
        }

        using HttpResponseMessage response = await answer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([200], Statuses(path, id)); // committed before the answer arrived, not after
    }

    [Fact]
    public async Task InvokeAsync_LogUnavailable_503AndWithheldEntryWithdrawn()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("MessageLog:CommitTimeout", "00:00:00.300"));
        using HttpClient client = gateway.CreateClient();
        string path = LogPath(gateway);
        MessageLogWriter writer = gateway.Services.GetRequiredService<MessageLogWriter>();
        string first = "first-" + Guid.NewGuid().ToString("N");
        string second = "second-" + Guid.NewGuid().ToString("N");
        using (SqliteConnection writeLock = Lock(path))
        {
            // The first exchange's entry is taken into a transaction that cannot commit; the second's
            // waits in the queue behind it, is withdrawn when its answer gives up, and is never written.
            Task<HttpResponseMessage> firstAnswer = client.SendAsync(Get("/ops/assets/ops.css", first));
            await WaitUntilAsync(() => writer.Queued >= 1);
            using HttpResponseMessage secondResponse = await client.SendAsync(Get("/ops/assets/ops.css", second));
            using HttpResponseMessage firstResponse = await firstAnswer;
            foreach (HttpResponseMessage response in new[] { firstResponse, secondResponse })
            {
                await GatewayFixture.ProblemAsync(response, 503, "MESSAGE_LOG_UNAVAILABLE");
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        await WaitUntilAsync(() => Statuses(path, second).Count > 0 && Statuses(path, first).Count > 1);
        Assert.Equal([503], Statuses(path, second));
        Assert.Equal([200, 503], Statuses(path, first)); // already in a transaction when it gave up: the later entry is the answer
        await writer.FlushAsync(seal: true, CancellationToken.None);
        VerifyResult result = MessageLogVerifier.Verify(path, await fixture.TrustForAsync(gateway));
        Assert.True(result.Intact, result.Problem);
    }

    [Fact]
    public async Task InvokeAsync_AnswerLargerThanBuffer_BegunEntryThenCompletingEntry()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("MessageLog:ResponseBufferBytes", "4096"));
        using HttpClient client = gateway.CreateClient();
        string path = LogPath(gateway);
        string id = "large-" + Guid.NewGuid().ToString("N");
        using HttpResponseMessage response = await client.SendAsync(Get("/ops/assets/ops.js", id));
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.Length > 4096, $"ops.js has {body.Length} bytes");

        var entries = Query(path, id, r => (Hash: r.GetString(1), Bytes: r.GetInt64(2)));
        Assert.Equal([(MessageLogMiddleware.Begun, 0L), (Convert.ToHexStringLower(SHA256.HashData(body)), body.Length)], entries);
        await gateway.Services.GetRequiredService<MessageLogWriter>().FlushAsync(seal: true, CancellationToken.None);
        Assert.True(MessageLogVerifier.Verify(path, await fixture.TrustForAsync(gateway)).Intact);
    }

    private static string LogPath(WebApplicationFactory<Program> gateway) => gateway.Services.GetRequiredService<IOptions<MessageLogOptions>>().Value.SqlitePath;

    private static HttpRequestMessage Get(string path, string requestId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Request-Id", requestId);
        return request;
    }

    /// <summary>Takes SQLite's write lock on the log until disposed (rolled back).</summary>
    private static SqliteConnection Lock(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=false");
        c.Open();
        using SqliteCommand begin = c.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();
        return c;
    }

    private static List<int> Statuses(string path, string requestId) => Query(path, requestId, r => r.GetInt32(0));

    private static List<T> Query<T>(string path, string requestId, Func<SqliteDataReader, T> read)
    {
        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT status, response_sha256, response_bytes FROM message_log WHERE request_id = $id ORDER BY seq";
        cmd.Parameters.AddWithValue("$id", requestId);
        using SqliteDataReader r = cmd.ExecuteReader();
        var rows = new List<T>();
        while (r.Read())
        {
            rows.Add(read(r));
        }

        return rows;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the condition did not hold within 30 s");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
