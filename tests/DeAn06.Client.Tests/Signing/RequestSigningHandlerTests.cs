using System.Security.Cryptography.Pkcs;
using System.Text;
using DeAn06.Client.Tests.Support;

namespace DeAn06.Client.Tests.Signing;

public sealed class RequestSigningHandlerTests
{
    [Fact]
    public async Task SendAsync_JsonBody_SignedByTheClientOverTheExactBytes()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Json(StubGateway.VerifyAnswer);

        await scope.Client.VerifyAsync(ClientScope.Record);

        StubGateway.Sent sent = Assert.Single(scope.Gateway.Api);
        Assert.Contains("Nguyễn Văn Hùng", Encoding.UTF8.GetString(sent.Body), StringComparison.Ordinal); // QCVN names, unescaped
        Assert.Contains("\"SoDinhDanh\":\"001085866844\"", Encoding.UTF8.GetString(sent.Body), StringComparison.Ordinal);
        SignedCms cms = CheckedSignature(sent);
        Assert.Equal(scope.Pki.Client.Thumbprint, cms.SignerInfos[0].Certificate!.Thumbprint);
        Pkcs9SigningTime time = Assert.Single(cms.SignerInfos[0].SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>()
            .SelectMany(a => a.Values.Cast<System.Security.Cryptography.AsnEncodedData>()).OfType<Pkcs9SigningTime>());
        Assert.Equal(TestPki.Now.UtcDateTime, time.SigningTime); // from the injected clock
    }

    [Fact]
    public async Task SendAsync_StreamedBatchBody_SignedAndSentAsSigned()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Json(StubGateway.JobAnswer);
        byte[] file = Encoding.UTF8.GetBytes("MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\nA-1,001085866844,Nguyễn Văn Hùng,22/11/1985,Nam\n");
        using var stream = new MemoryStream(file);

        await scope.Client.SubmitBatchAsync(stream, BatchFormat.Csv, "k-1");

        StubGateway.Sent sent = Assert.Single(scope.Gateway.Api);
        Assert.Equal(file, sent.Body);
        Assert.Equal("text/csv", sent.ContentType);
        CheckedSignature(sent);
    }

    [Fact]
    public async Task SendAsync_NoSigningCertificate_NoSignatureHeader()
    {
        using var scope = new ClientScope(sign: false);
        scope.Gateway.Respond = (_, _) => StubGateway.Json(StubGateway.VerifyAnswer);

        await scope.Client.VerifyAsync(ClientScope.Record);

        Assert.Null(Assert.Single(scope.Gateway.Api).Signature);
    }

    [Fact]
    public async Task SendAsync_BodylessRequest_NoSignatureHeader()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Json(StubGateway.JobAnswer);

        await scope.Client.GetJobAsync("j-1");

        Assert.Null(Assert.Single(scope.Gateway.Api).Signature);
    }

    private static SignedCms CheckedSignature(StubGateway.Sent sent)
    {
        Assert.NotNull(sent.Signature);
        var cms = new SignedCms(new ContentInfo(sent.Body), detached: true);
        cms.Decode(Convert.FromBase64String(sent.Signature));
        cms.CheckSignature(verifySignatureOnly: true); // throws unless it covers exactly these bytes
        return cms;
    }
}
