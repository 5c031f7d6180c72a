using System.Net.Http.Headers;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Gateway.Tests.Signing;

[Collection(GatewayCollection.Name)]
public sealed class SignatureTests(GatewayFixture fixture) : IAsyncLifetime
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private readonly string _certs = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        DevCertificates.Create(_certs, ["BHXH", "THUE", "OPS", "SLOW"], TimeProvider.System.GetUtcNow());
        DevCertificates.Create(Path.Combine(_certs, "rogue"), ["BHXH"], TimeProvider.System.GetUtcNow());
        _gateway = fixture.CreateGateway(null,
            ("Signatures:CaCertificatePath", Path.Combine(_certs, "ca.pem")),
            ("Signatures:GatewayCertificatePath", Path.Combine(_certs, "gateway.pem")),
            ("Signatures:GatewayKeyPath", Path.Combine(_certs, "gateway.key.pem")),
            ("Consumers:Clients:BHXH:CertificatePath", Path.Combine(_certs, "BHXH.pem")),
            ("Consumers:Clients:THUE:CertificatePath", Path.Combine(_certs, "rogue", "BHXH.pem")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task SignedRequest_Accepted_ResponseSignedByGatewayOverExactBytes()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        string sent = Sign(body, "BHXH");
        HttpResponseMessage response = await client.SendAsync(Signed(body, sent));
        byte[] answer = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(answer));

        var cms = new SignedCms(new ContentInfo(answer), detached: true);
        cms.Decode(Convert.FromBase64String(response.Headers.GetValues(SignatureOptions.Header).Single()));
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Equal("CN=gateway, O=DeAn06", cms.SignerInfos[0].Certificate!.Subject);

        // Both signatures are kept in the message log, inside the hash chain.
        var (log, stored, rebuilt) = await LoggedSignaturesAsync();
        // Stored compactly (each certificate once), read back byte for byte.
        Assert.IsType<byte[]>(stored.Request);
        Assert.IsType<byte[]>(stored.Response);
        Assert.Equal(sent, rebuilt.Request);
        Assert.Equal(response.Headers.GetValues(SignatureOptions.Header).Single(), rebuilt.Response);
        Assert.True(MessageLogVerifier.Verify(log, await fixture.TrustForAsync(_gateway)).Intact);
    }

    [Theory]
    [InlineData("UPDATE certificates SET der = substr(der, 1, 40) || X'00' || substr(der, 42)")]
    [InlineData("UPDATE message_log SET request_signature = substr(request_signature, 1, 60) || X'FF' || substr(request_signature, 62) WHERE service = 'verify'")]
    [InlineData("UPDATE message_log SET response_signature = substr(response_signature, 1, 3) || X'7FFFFFFF' || substr(response_signature, 8) WHERE service = 'verify'")]
    [InlineData("DELETE FROM certificates")]
    public async Task LoggedSignature_StoredCertificateOrBytesChanged_VerifyNamesTheEntry(string tamper)
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        (await client.SendAsync(Signed(body, Sign(body, "BHXH")))).EnsureSuccessStatusCode();
        await _gateway.Services.GetRequiredService<MessageLogWriter>().FlushAsync(seal: true, CancellationToken.None);
        string log = _gateway.Services.GetRequiredService<IOptions<MessageLogOptions>>().Value.SqlitePath;
        Assert.True(MessageLogVerifier.Verify(log, await fixture.TrustForAsync(_gateway)).Intact);

        long signedEntry;
        using (var c = new SqliteConnection($"Data Source={log};Mode=ReadOnly;Pooling=false"))
        {
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = "SELECT MIN(seq) FROM message_log WHERE service = 'verify'";
            signedEntry = (long)cmd.ExecuteScalar()!;
        }

        string copy = LogCopy.Tampered(log, tamper);
        VerifyResult result = MessageLogVerifier.Verify(copy, await fixture.TrustForAsync(_gateway));
        Assert.False(result.Intact);
        Assert.Equal(signedEntry, result.FirstBroken);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoggedSignature_NotCanonicalBase64_KeptAsTextAndVerifies()
    {
        // Base64 with a space inside is accepted (the decoder skips white space) but cannot be rebuilt
        // from DER, so the log keeps the text as sent, as it did for every entry before compaction.
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        string spaced = Sign(body, "BHXH").Insert(40, " ");
        (await client.SendAsync(Signed(body, spaced))).EnsureSuccessStatusCode();
        var (log, stored, _) = await LoggedSignaturesAsync();
        Assert.Equal(spaced, Assert.IsType<string>(stored.Request));
        Assert.IsType<byte[]>(stored.Response);
        Assert.True(MessageLogVerifier.Verify(log, await fixture.TrustForAsync(_gateway)).Intact);
    }

    [Fact]
    public async Task NoSignature_400SignatureMissing()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        await GatewayFixture.ProblemAsync(await client.PostAsync("/api/v1/verify", Json(Encoding.UTF8.GetBytes(Record))), 400, "SIGNATURE_MISSING");
    }

    [Fact]
    public async Task BodyChangedAfterSigning_400SignatureInvalid()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        string signature = Sign(body, "BHXH");
        byte[] changed = Encoding.UTF8.GetBytes(Record.Replace("1985", "1986", StringComparison.Ordinal));
        await GatewayFixture.ProblemAsync(await client.SendAsync(Signed(changed, signature)), 400, "SIGNATURE_INVALID");
    }

    [Fact]
    public async Task CapturedSignatureWithBodyPrefixEmbedded_400ContentEmbedded()
    {
        // Drop the first line of a signed body and move it into eContent: SignedCms hashed eContent
        // before the detached body, so the shortened body used to be accepted (200).
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        byte[] captured = Convert.FromBase64String(Sign(body, "BHXH"));
        const int k = 21; // {"SoDinhDanh":"00108
        byte[] forged = CmsSurgery.EmbedContent(captured, body[..k]);
        var problem = await GatewayFixture.ProblemAsync(await client.SendAsync(Signed(body[k..], Convert.ToBase64String(forged))), 400, "SIGNATURE_INVALID");
        Assert.Contains("embeds content", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrailingBytesAfterTheSignature_400()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        byte[] signature = [.. Convert.FromBase64String(Sign(body, "BHXH")), 0x00, 0x00];
        var problem = await GatewayFixture.ProblemAsync(await client.SendAsync(Signed(body, Convert.ToBase64String(signature))), 400, "SIGNATURE_INVALID");
        Assert.Contains("after its DER encoding", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SHA1")]
    [InlineData("MD5")]
    public async Task WeakDigestAlgorithm_400(string hash)
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        using X509Certificate2 signer = WithKey("BHXH");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        byte[] signature = new CmsBuilder { Hash = new System.Security.Cryptography.HashAlgorithmName(hash) }.Sign(body, signer);
        var problem = await GatewayFixture.ProblemAsync(await client.SendAsync(Signed(body, Convert.ToBase64String(signature))), 400, "SIGNATURE_INVALID");
        Assert.Contains("SHA-256, SHA-384 or SHA-512", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContentTypeAttributeMissing_400()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        using X509Certificate2 signer = WithKey("BHXH");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        byte[] signature = new CmsBuilder { ContentType = false }.Sign(body, signer);
        var problem = await GatewayFixture.ProblemAsync(await client.SendAsync(Signed(body, Convert.ToBase64String(signature))), 400, "SIGNATURE_INVALID");
        Assert.Contains("content-type", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnySingleByteChangedOrTruncated_400NeverAcceptedNever5xx()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        byte[] signature = Convert.FromBase64String(Sign(body, "BHXH"));
        var statuses = new List<string>();
        // Every 3rd position and a truncation there (the verifier alone gets every position, DetachedCmsVerifierFuzzTests).
        for (int i = 0; i < signature.Length; i += 3)
        {
            byte[] changed = (byte[])signature.Clone();
            changed[i] ^= (byte)(i % 2 == 0 ? 0x01 : 0x80);
            foreach (byte[] variant in new[] { changed, signature[..i] })
            {
                using HttpResponseMessage response = await client.SendAsync(Signed(body, Convert.ToBase64String(variant)));
                if ((int)response.StatusCode != 400)
                {
                    statuses.Add($"byte {i}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.Empty(statuses);
    }

    [Fact]
    public async Task SignedWithAnotherClientsCertificate_400()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        var problem = await GatewayFixture.ProblemAsync(await client.SendAsync(Signed(body, Sign(body, "THUE"))), 400, "SIGNATURE_INVALID");
        Assert.Contains("other than the one registered", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateFromAnotherCa_400NotChained()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "THUE");
        byte[] body = Encoding.UTF8.GetBytes(Record);
        var problem = await GatewayFixture.ProblemAsync(await client.SendAsync(Signed(body, Sign(body, "BHXH", Path.Combine(_certs, "rogue")))), 400, "SIGNATURE_INVALID");
        Assert.Contains("does not chain to the platform CA", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSsl_SignsRequest_GatewayAccepts_AndOpenSslVerifiesTheResponse()
    {
        string work = Path.Combine(_certs, "openssl-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(work);
        string bodyFile = Path.Combine(work, "body.json");
        await File.WriteAllTextAsync(bodyFile, Record);
        string signature = Convert.ToBase64String(OpenSsl.SignDetached(bodyFile, Path.Combine(_certs, "BHXH.pem"), Path.Combine(_certs, "BHXH.key.pem")));

        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        HttpResponseMessage response = await client.SendAsync(Signed(await File.ReadAllBytesAsync(bodyFile), signature));
        byte[] answer = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(answer));

        await File.WriteAllBytesAsync(Path.Combine(work, "response.json"), answer);
        await File.WriteAllBytesAsync(Path.Combine(work, "response.sig"), Convert.FromBase64String(response.Headers.GetValues(SignatureOptions.Header).Single()));
        string verified = OpenSsl.Run("cms", "-verify", "-binary", "-inform", "DER", "-in", Path.Combine(work, "response.sig"),
            "-content", Path.Combine(work, "response.json"), "-CAfile", Path.Combine(_certs, "ca.pem"), "-purpose", "any", "-out", Path.Combine(work, "out.json"));
        Assert.Contains("Verification successful", verified, StringComparison.Ordinal);
    }

    /// <summary>A BHXH client with an RSA-2048 certificate of its own CA, and the record to sign in its folder.</summary>
    private async Task<(string Folder, string BodyFile)> RsaClientAsync()
    {
        string rsa = Path.Combine(_certs, "rsa-" + Guid.NewGuid().ToString("N")[..6]);
        DevCertificates.Create(rsa, ["BHXH"], TimeProvider.System.GetUtcNow(), ClientKeyKind.Rsa2048);
        string bodyFile = Path.Combine(rsa, "body.json");
        await File.WriteAllTextAsync(bodyFile, Record);
        return (rsa, bodyFile);
    }

    private WebApplicationFactory<Program> RsaClientGateway(string rsa) => fixture.CreateGateway(null,
        ("Signatures:CaCertificatePath", Path.Combine(rsa, "ca.pem")),
        ("Consumers:Clients:BHXH:CertificatePath", Path.Combine(rsa, "BHXH.pem")));

    [Fact]
    public async Task OpenSslPssWithDefaultMaximumSalt_Accepted()
    {
        // A client with an RSA key (keys init --client-keys rsa2048) signing as `openssl cms -sign -keyopt
        // rsa_padding_mode:pss` does: the salt is as long as the key allows, which SignedCms refused.
        (string rsa, string bodyFile) = await RsaClientAsync();
        await using WebApplicationFactory<Program> gateway = RsaClientGateway(rsa);
        byte[] pss = OpenSsl.SignDetached(bodyFile, Path.Combine(rsa, "BHXH.pem"), Path.Combine(rsa, "BHXH.key.pem"), "-keyopt", "rsa_padding_mode:pss");

        using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");
        HttpResponseMessage response = await client.SendAsync(Signed(await File.ReadAllBytesAsync(bodyFile), Convert.ToBase64String(pss)));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenSslRsaPkcs1_Accepted_TamperedBodyOrSignatureRefused()
    {
        // An RSA-2048 client signing with `openssl cms -sign`'s default PKCS #1 v1.5: the check the
        // gateway makes on OpenSSL contexts of its own (Signing/OpenSsl), end to end.
        (string rsa, string bodyFile) = await RsaClientAsync();
        await using WebApplicationFactory<Program> gateway = RsaClientGateway(rsa);
        byte[] body = await File.ReadAllBytesAsync(bodyFile);
        byte[] pkcs1 = OpenSsl.SignDetached(bodyFile, Path.Combine(rsa, "BHXH.pem"), Path.Combine(rsa, "BHXH.key.pem"));
        byte[] flipped = (byte[])pkcs1.Clone();
        // The RSA signature value is the SignerInfo's last field: this bit is inside it.
        flipped[^9] ^= 0x04;
        byte[] changed = Encoding.UTF8.GetBytes(Record.Replace("1985", "1986", StringComparison.Ordinal));

        using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");
        for (int i = 0; i < 3; i++)
        {
            HttpResponseMessage response = await client.SendAsync(Signed(body, Convert.ToBase64String(pkcs1)));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            await GatewayFixture.ProblemAsync(await client.SendAsync(Signed(body, Convert.ToBase64String(flipped))), 400, "SIGNATURE_INVALID");
            await GatewayFixture.ProblemAsync(await client.SendAsync(Signed(changed, Convert.ToBase64String(pkcs1))), 400, "SIGNATURE_INVALID");
        }
    }

    [Fact]
    public void KeysCommand_GatewayCertificateOnly_CarriesTheResponseSigningEku()
    {
        using X509Certificate2 gateway = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_certs, "gateway.pem")));
        var eku = Assert.IsType<X509EnhancedKeyUsageExtension>(gateway.Extensions["2.5.29.37"]);
        Assert.Equal([DeAn06.Cms.CmsOids.GatewayResponseSigning], eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.True(eku.Critical);
        foreach (string client in new[] { "BHXH", "THUE", "OPS", "SLOW" })
        {
            using X509Certificate2 cert = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_certs, client + ".pem")));
            Assert.Null(cert.Extensions["2.5.29.37"]);
        }

        var output = new StringWriter();
        Assert.Equal(2, KeysCommand.TryRun(["keys", "init", Path.Combine(_certs, "named"), "BHXH", "Gateway"], output));
        Assert.Contains("platform's own certificates", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void KeysCommand_Init_WritesCaAndCertificates_RefusesToOverwrite()
    {
        string folder = Path.Combine(_certs, "cmd");
        Assert.Equal(0, KeysCommand.TryRun(["keys", "init", folder, "BHXH", "THUE"], TextWriter.Null));
        Assert.All(new[] { "ca", "gateway", "BHXH", "THUE" }, n => Assert.True(File.Exists(Path.Combine(folder, n + ".pem")) && File.Exists(Path.Combine(folder, n + ".key.pem"))));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "BHXH.key.pem")));
        }

        var output = new StringWriter();
        Assert.Equal(1, KeysCommand.TryRun(["keys", "init", folder, "BHXH"], output));
        Assert.Contains("never overwritten", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, KeysCommand.TryRun(["keys"], TextWriter.Null));
    }

    [Fact]
    public void KeysCommand_ClientKeys_Rsa2048ForClientsOnly_UnknownKindRefused()
    {
        string folder = Path.Combine(_certs, "rsa");
        Assert.Equal(0, KeysCommand.TryRun(["keys", "init", folder, "BHXH", "--client-keys", "rsa2048"], TextWriter.Null));
        using (X509Certificate2 client = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "BHXH.pem"))))
        using (X509Certificate2 gateway = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "gateway.pem"))))
        {
            Assert.Equal(2048, client.GetRSAPublicKey()!.KeySize);
            Assert.NotNull(gateway.GetECDsaPublicKey());
        }

        var output = new StringWriter();
        Assert.Equal(2, KeysCommand.TryRun(["keys", "init", Path.Combine(_certs, "dsa"), "BHXH", "--client-keys", "dsa"], output));
        Assert.Contains("p256 or rsa2048", output.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_certs, "dsa")));
    }

    private string Sign(byte[] body, string client, string? folder = null)
    {
        folder ??= _certs;
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(folder, client + ".pem"), Path.Combine(folder, client + ".key.pem"));
        using X509Certificate2 cert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var cms = new SignedCms(new ContentInfo(body), detached: true);
        var signer = new CmsSigner(cert);
        // A signed attribute makes SignedCms write content-type and message-digest, which the policy requires.
        signer.SignedAttributes.Add(new Pkcs9SigningTime(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)));
        cms.ComputeSignature(signer, silent: true);
        return Convert.ToBase64String(cms.Encode());
    }

    private X509Certificate2 WithKey(string client)
    {
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(_certs, client + ".pem"), Path.Combine(_certs, client + ".key.pem"));
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    [Fact]
    public async Task LoggedSignature_SentWithABodylessRequest_NotLoggedAsTheConsumers()
    {
        // A captured signature replayed on a GET is never checked (there is no body): it must not
        // enter the chain as "the consumer's request signature".
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        string replayed = Sign(Encoding.UTF8.GetBytes(Record), "BHXH");
        string id = "replayed-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs/job-0000");
        request.Headers.Add(SignatureOptions.Header, replayed);
        request.Headers.Add("X-Request-Id", id);
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.True((int)response.StatusCode < 500, response.ToString());

        await _gateway.Services.GetRequiredService<MessageLogWriter>().FlushAsync(seal: false, CancellationToken.None);
        using var c = new SqliteConnection($"Data Source={_gateway.Services.GetRequiredService<IOptions<MessageLogOptions>>().Value.SqlitePath};Mode=ReadOnly;Pooling=false");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT request_signature FROM message_log WHERE request_id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        using SqliteDataReader r = cmd.ExecuteReader();
        Assert.True(r.Read(), "the exchange has its entry");
        Assert.True(r.IsDBNull(0), "an unchecked signature was logged as the consumer's");
    }

    /// <summary>Writes the queued log; the first signed exchange's signatures as stored and as rebuilt for the chain.</summary>
    private async Task<(string Log, (object Request, object Response) Stored, (string? Request, string? Response) Rebuilt)> LoggedSignaturesAsync()
    {
        await _gateway.Services.GetRequiredService<MessageLogWriter>().FlushAsync(seal: true, CancellationToken.None);
        string log = _gateway.Services.GetRequiredService<IOptions<MessageLogOptions>>().Value.SqlitePath;
        using var c = new SqliteConnection($"Data Source={log};Mode=ReadOnly;Pooling=false");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT request_signature, response_signature FROM message_log WHERE service = 'verify' AND status = 200 ORDER BY seq";
        using SqliteDataReader r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Func<byte[], byte[]?> certificates = MessageLogStore.CertificateLookup(c);
        return (log, (r.GetValue(0), r.GetValue(1)), (MessageLogStore.ReadSignature(r, 0, certificates), MessageLogStore.ReadSignature(r, 1, certificates)));
    }

    private static HttpRequestMessage Signed(byte[] body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") { Content = Json(body) };
        request.Headers.Add(SignatureOptions.Header, signature);
        return request;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
