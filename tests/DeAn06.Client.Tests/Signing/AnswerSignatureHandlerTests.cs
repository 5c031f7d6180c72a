using System.Net;
using System.Text;
using DeAn06.Client.Tests.Support;

namespace DeAn06.Client.Tests.Signing;

public sealed class AnswerSignatureHandlerTests
{
    [Fact]
    public async Task SendAsync_SignedByTheGateway_AnswerRead()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Json(StubGateway.VerifyAnswer);

        var answer = await scope.Client.VerifyAsync(ClientScope.Record);

        Assert.Equal("MATCH", answer.Result.Verdict);
        Assert.Equal("001*******44", answer.Result.MaskedId);
    }

    [Fact]
    public async Task SendAsync_SignatureMissing_SignatureException()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Unsigned(StubGateway.Json(StubGateway.VerifyAnswer));

        var ex = await Assert.ThrowsAsync<DeAn06SignatureException>(() => scope.Client.VerifyAsync(ClientScope.Record));

        Assert.Contains("carries no X-DeAn06-Signature", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_AnswerAlteredAfterSigning_SignatureException()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Tampered(StubGateway.Json(StubGateway.VerifyAnswer));

        await Assert.ThrowsAsync<DeAn06SignatureException>(() => scope.Client.VerifyAsync(ClientScope.Record));
    }

    [Fact]
    public async Task SendAsync_SignatureNotBase64_SignatureException()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) =>
        {
            HttpResponseMessage response = StubGateway.Unsigned(StubGateway.Json(StubGateway.VerifyAnswer));
            response.Headers.Add("X-DeAn06-Signature", "not*base64");
            return response;
        };

        await Assert.ThrowsAsync<DeAn06SignatureException>(() => scope.Client.VerifyAsync(ClientScope.Record));
    }

    [Fact]
    public async Task SendAsync_SignedByAClientCertificateOfTheSameCa_SignatureException()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) =>
        {
            HttpResponseMessage response = StubGateway.Unsigned(StubGateway.Json(StubGateway.VerifyAnswer));
            response.Headers.Add("X-DeAn06-Signature", TestPki.SignAs(scope.Pki.Client, Encoding.UTF8.GetBytes(StubGateway.VerifyAnswer)));
            return response;
        };

        var ex = await Assert.ThrowsAsync<DeAn06SignatureException>(() => scope.Client.VerifyAsync(ClientScope.Record));

        Assert.Contains("not the gateway's response-signing certificate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_Refusal_ApiExceptionNotSignatureException()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Problem(HttpStatusCode.BadRequest, "TOO_MANY_RECORDS");

        var ex = await Assert.ThrowsAsync<DeAn06ApiException>(() => scope.Client.VerifyManyAsync([ClientScope.Record]));

        Assert.IsNotType<DeAn06SignatureException>(ex);
        Assert.Equal("TOO_MANY_RECORDS", ex.Code);
        Assert.Equal("TOO_MANY_RECORDS detail", ex.Detail);
    }

    [Fact]
    public async Task SendAsync_ResultsDownload_StreamedUnsigned()
    {
        using var scope = new ClientScope();
        const string results = "{\"line\":1}\n{\"line\":2}\n";
        scope.Gateway.Respond = (_, _) => StubGateway.Unsigned(StubGateway.Json(results, type: "application/x-ndjson"));
        using var destination = new MemoryStream();

        await scope.Client.DownloadResultsAsync("j-1", destination);

        Assert.Equal(results, Encoding.UTF8.GetString(destination.ToArray()));
        StubGateway.Sent sent = Assert.Single(scope.Gateway.Api);
        Assert.Equal("/api/v1/jobs/j-1/results", sent.Path);
        Assert.Equal("?format=ndjson", sent.Query);
    }

    [Fact]
    public async Task SendAsync_NoPlatformCa_UnsignedAnswerAccepted()
    {
        using var scope = new ClientScope(checkAnswers: false);
        scope.Gateway.Respond = (_, _) => StubGateway.Unsigned(StubGateway.Json(StubGateway.VerifyAnswer));

        Assert.Equal("MATCH", (await scope.Client.VerifyAsync(ClientScope.Record)).Result.Verdict);
    }
}
