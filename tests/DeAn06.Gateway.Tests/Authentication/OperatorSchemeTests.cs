using System.Net.Http.Headers;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.Authentication;

/// <summary>The operators' cookie is a second authentication scheme; a bearer header wins over it, and the request's consumer is set once.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OperatorSchemeTests(GatewayFixture fixture) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = fixture.CreateGateway();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task OpsApi_CookieOnly_Operator200_NoneAt401()
    {
        using HttpClient client = _gateway.CreateClient();
        string ops = await GatewayFixture.TokenAsync(client, "OPS");
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/ops/api/platform");
        withCookie.Headers.Add("Cookie", "dean06_ops=" + ops);
        HttpResponseMessage ok = await client.SendAsync(withCookie);
        Assert.True(ok.IsSuccessStatusCode, await ok.Content.ReadAsStringAsync());
        await GatewayFixture.ProblemAsync(await client.GetAsync("/ops/api/platform"), 401, "TOKEN_MISSING");
    }

    [Fact]
    public async Task OpsApi_BearerAndCookieOfAnother_HeaderWins_LoggedAsTheHeadersConsumerOnce()
    {
        using HttpClient client = _gateway.CreateClient();
        string ops = await GatewayFixture.TokenAsync(client, "OPS");
        string bhxh = await GatewayFixture.TokenAsync(client, "BHXH");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ops/api/platform");
        request.Headers.Add("Cookie", "dean06_ops=" + ops);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bhxh);
        request.Headers.Add("X-Request-Id", "ops-header-wins");
        HttpResponseMessage response = await client.SendAsync(request);
        await GatewayFixture.ProblemAsync(response, 403, "ACCESS_DENIED"); // BHXH is no operator, whatever the cookie says

        await _gateway.Services.GetRequiredService<MessageLogWriter>().FlushAsync(seal: false, CancellationToken.None);
        string path = _gateway.Services.GetRequiredService<IOptions<MessageLogOptions>>().Value.SqlitePath;
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using SqliteCommand cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT client FROM message_log WHERE request_id = 'ops-header-wins'";
        Assert.Equal("BHXH", cmd.ExecuteScalar() as string);
    }
}
