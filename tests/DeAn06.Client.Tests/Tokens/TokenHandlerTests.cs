using System.Net;
using DeAn06.Client.Tests.Support;

namespace DeAn06.Client.Tests.Tokens;

public sealed class TokenHandlerTests
{
    [Fact]
    public async Task SendAsync_ManyCallsWithinLifetime_OneTokenRequest()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Json(StubGateway.VerifyAnswer);
        for (int i = 0; i < 3; i++)
        {
            await scope.Client.VerifyAsync(ClientScope.Record);
        }

        Assert.Equal(1, scope.Gateway.TokenRequests);
        Assert.All(scope.Gateway.Api, r => Assert.Equal("t1", r.Token));
    }

    [Fact]
    public async Task SendAsync_TokenAboutToExpire_RenewedBeforeTheCall()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Json(StubGateway.VerifyAnswer);
        await scope.Client.VerifyAsync(ClientScope.Record);
        scope.Time.Advance(TimeSpan.FromSeconds(269)); // 300 s token, renewed 30 s before: still good
        await scope.Client.VerifyAsync(ClientScope.Record);
        Assert.Equal(1, scope.Gateway.TokenRequests);

        scope.Time.Advance(TimeSpan.FromSeconds(2));
        await scope.Client.VerifyAsync(ClientScope.Record);

        Assert.Equal(2, scope.Gateway.TokenRequests);
        Assert.Equal(["t1", "t1", "t2"], scope.Gateway.Api.Select(r => r.Token));
    }

    [Fact]
    public async Task SendAsync_Unauthorized_FreshTokenAndSentOnceMore()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (sent, _) => sent.Token == "t1"
            ? StubGateway.Problem(HttpStatusCode.Unauthorized, "TOKEN_INVALID")
            : StubGateway.Json(StubGateway.VerifyAnswer);

        var answer = await scope.Client.VerifyAsync(ClientScope.Record);

        Assert.Equal("MATCH", answer.Result.Verdict);
        Assert.Equal(["t1", "t2"], scope.Gateway.Api.Select(r => r.Token));
        Assert.Equal(scope.Gateway.Api[0].Body, scope.Gateway.Api[1].Body);
    }

    [Fact]
    public async Task SendAsync_UnauthorizedTwice_ApiExceptionWithTheCode()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Problem(HttpStatusCode.Unauthorized, "TOKEN_INVALID");

        var ex = await Assert.ThrowsAsync<DeAn06ApiException>(() => scope.Client.VerifyAsync(ClientScope.Record));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.Status);
        Assert.Equal("TOKEN_INVALID", ex.Code);
        Assert.Equal(2, scope.Gateway.Api.Count);
    }
}
