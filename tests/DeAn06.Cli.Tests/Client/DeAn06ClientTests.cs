using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Cli.Tests.Support;
using DeAn06.Client;
using DeAn06.Contracts;
using DeAn06.PopulationDb.Population;

namespace DeAn06.Cli.Tests.Client;

/// <summary>The SDK against the real gateway, verification service and simulator over loopback.</summary>
[Collection(StackCollection.Name)]
public sealed class DeAn06ClientTests(StackFixture stack)
{
    [Fact]
    public async Task VerifyAsync_RecordAsOnFile_MatchInASignedAnswer()
    {
        using DeAn06Client client = Connect("BHXH");
        VerificationResponse answer = await client.VerifyAsync(RecordOf(stack.Living(1234)));
        Assert.Equal(Verdicts.Match, answer.Result.Verdict);
        Assert.Equal("tolerant", answer.Policy);
        Assert.False(string.IsNullOrEmpty(answer.RequestId));
    }

    [Fact]
    public async Task VerifyManyAsync_ResultsInOrderSent()
    {
        using DeAn06Client client = Connect("THUE");
        VerificationRecord good = RecordOf(stack.Living(77));
        // A different name on a valid ID is a mismatch (a different birth year or gender would break the ID's own structure).
        VerifyManyResponse answer = await client.VerifyManyAsync([good with { SoDinhDanh = "" }, good, good with { HoVaTen = "Lò Thị Xuyến" }]);
        Assert.Equal([Verdicts.MissingId, Verdicts.Match, Verdicts.Mismatch], answer.Results.Select(r => r.Verdict));
        Assert.Equal("strict", answer.Policy);
    }

    [Fact]
    public async Task SubmitBatch_FollowedToCompletion_ResultsDownloadedInInputOrder()
    {
        using DeAn06Client client = Connect("GIAODUC");
        var csv = new StringBuilder("MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n");
        Citizen[] living = [.. Enumerable.Range(1000, 200).Select(i => stack.Population[i]).Where(c => !c.IsDeceased).Take(50)];
        for (int i = 0; i < 50; i++)
        {
            VerificationRecord r = RecordOf(living[i]);
            csv.Append(CultureInfo.InvariantCulture, $"GD-{i:D3},{(i % 10 == 0 ? "" : r.SoDinhDanh)},{r.HoVaTen},{r.NgayThangNamSinh},{r.GioiTinh}\n");
        }

        JobStatusResponse submitted = await client.SubmitBatchAsync(Encoding.UTF8.GetBytes(csv.ToString()), BatchFormat.Csv, "sdk-test-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(50, submitted.Total);
        JobStatusResponse last = submitted;
        await foreach (JobStatusResponse status in client.FollowJobAsync(submitted.JobId))
        {
            last = status;
        }

        Assert.Equal("Completed", last.Status);
        Assert.Equal(45, last.Counts[Verdicts.Match]);
        Assert.Equal(5, last.Counts[Verdicts.MissingId]);

        using var results = new MemoryStream();
        await client.DownloadResultsAsync(submitted.JobId, results);
        string[] lines = Encoding.UTF8.GetString(results.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(50, lines.Length);
        Assert.Contains("\"maHoSo\":\"GD-000\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"maHoSo\":\"GD-049\"", lines[^1], StringComparison.Ordinal);
        Assert.StartsWith("Giáo dục: 45/50 (90,00 %)", await client.GetJobSummaryAsync(submitted.JobId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteJobAsync_ThroughTheGateway_OwnerOnlyThenGone()
    {
        using DeAn06Client owner = Connect("YTE");
        using DeAn06Client other = Connect("BHYT");
        VerificationRecord r = RecordOf(stack.Living(2024));
        JobStatusResponse submitted = await owner.SubmitBatchAsync(
            Encoding.UTF8.GetBytes($"MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\nYT-1,{r.SoDinhDanh},{r.HoVaTen},{r.NgayThangNamSinh},{r.GioiTinh}\n"), BatchFormat.Csv);

        var refused = await Assert.ThrowsAsync<DeAn06ApiException>(() => other.DeleteJobAsync(submitted.JobId));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal("JOB_NOT_FOUND", refused.Code);
        Assert.Equal(submitted.JobId, (await owner.GetJobAsync(submitted.JobId)).JobId);

        await owner.DeleteJobAsync(submitted.JobId);
        var gone = await Assert.ThrowsAsync<DeAn06ApiException>(() => owner.GetJobAsync(submitted.JobId));
        Assert.Equal("JOB_NOT_FOUND", gone.Code);
    }

    [Fact]
    public async Task WrongSecret_ApiExceptionWithInvalidClient()
    {
        var info = stack.Info.Clients["BHXH"];
        using var client = new DeAn06Client(Options(info) with { ClientSecret = "not-the-secret" });
        var ex = await Assert.ThrowsAsync<DeAn06ApiException>(() => client.VerifyAsync(RecordOf(stack.Population[5])));
        Assert.Equal(HttpStatusCode.Unauthorized, ex.Status);
        Assert.Equal("INVALID_CLIENT", ex.Code);
    }

    [Fact]
    public async Task SignedWithAnotherClientsCertificate_SignatureInvalid()
    {
        ClientDetails bhxh = Options(stack.Info.Clients["BHXH"]);
        ClientDetails thue = Options(stack.Info.Clients["THUE"]);
        using var client = new DeAn06Client(bhxh with { Certificate = thue.Certificate, Key = thue.Key });
        var ex = await Assert.ThrowsAsync<DeAn06ApiException>(() => client.VerifyAsync(RecordOf(stack.Population[5])));
        Assert.Equal(HttpStatusCode.BadRequest, ex.Status);
        Assert.Equal("SIGNATURE_INVALID", ex.Code);
        Assert.False(string.IsNullOrEmpty(ex.RequestId));
    }

    [Fact]
    public async Task ServiceNotGranted_AccessDenied()
    {
        using DeAn06Client ops = Connect("OPS");
        var ex = await Assert.ThrowsAsync<DeAn06ApiException>(() => ops.VerifyAsync(RecordOf(stack.Population[5])));
        Assert.Equal(HttpStatusCode.Forbidden, ex.Status);
        Assert.Equal("ACCESS_DENIED", ex.Code);
    }

    [Fact]
    public async Task TooManyRecords_VerificationServiceCodeSurfaces()
    {
        using DeAn06Client client = Connect("BHXH");
        var ex = await Assert.ThrowsAsync<DeAn06ApiException>(() => client.VerifyManyAsync(Enumerable.Repeat(RecordOf(stack.Population[9]), 101).ToList()));
        Assert.Equal("TOO_MANY_RECORDS", ex.Code);
        Assert.Contains("100", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerAlteredInTransit_SignatureException()
    {
        using var transport = new TamperingHandler { InnerHandler = new SocketsHttpHandler() };
        using var client = new DeAn06Client(transport, Options(stack.Info.Clients["BHXH"]).Build());
        await Assert.ThrowsAsync<DeAn06SignatureException>(() => client.VerifyAsync(RecordOf(stack.Population[5])));
    }

    [Fact]
    public async Task AnswerResignedByAnotherClientsCaIssuedCertificate_SignatureException()
    {
        // THUE's certificate chains to the same CA; a THUE system in the middle re-signs the answer
        // in the exact shape the gateway uses. Only the gateway's response-signing EKU tells them apart.
        string certs = stack.Info.CertificatesFolder;
        using var transport = new ResigningHandler(Path.Combine(certs, "THUE.pem"), Path.Combine(certs, "THUE.key.pem")) { InnerHandler = new SocketsHttpHandler() };
        using var client = new DeAn06Client(transport, Options(stack.Info.Clients["BHXH"]).Build());
        var ex = await Assert.ThrowsAsync<DeAn06SignatureException>(() => client.VerifyAsync(RecordOf(stack.Living(42))));
        Assert.Contains("not the gateway's response-signing certificate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayCertificatePinned_RealAnswerAccepted_OtherPinRefused()
    {
        string certs = stack.Info.CertificatesFolder;
        using X509Certificate2 gateway = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(certs, "gateway.pem")));
        string pin = Convert.ToHexString(SHA256.HashData(gateway.RawData));
        DeAn06ClientOptions options = Options(stack.Info.Clients["BHXH"]).Build();

        DeAn06ClientOptions Pinned(string sha256) => new()
        {
            GatewayAddress = options.GatewayAddress, ClientId = options.ClientId, ClientSecret = options.ClientSecret,
            SigningCertificate = options.SigningCertificate, PlatformCa = options.PlatformCa, GatewayCertificateSha256 = sha256,
        };

        // Colon-separated lower case, as openssl x509 -fingerprint -sha256 prints it (after the prefix).
        using (var pinned = new DeAn06Client(Pinned(string.Join(':', pin.Chunk(2).Select(c => new string(c))).ToLowerInvariant())))
        {
            Assert.Equal(Verdicts.Match, (await pinned.VerifyAsync(RecordOf(stack.Living(43)))).Result.Verdict);
        }

        string other = Convert.ToHexString(SHA256.HashData(options.SigningCertificate!.RawData));
        using var wrong = new DeAn06Client(Pinned(other));
        var ex = await Assert.ThrowsAsync<DeAn06SignatureException>(() => wrong.VerifyAsync(RecordOf(stack.Living(43))));
        Assert.Contains("pinned", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DeAn06Client(Pinned("abc")));
    }

    [Fact]
    public async Task TokenReused_OneTokenRequestForManyCalls()
    {
        using var counter = new CountingHandler { InnerHandler = new SocketsHttpHandler() };
        using var client = new DeAn06Client(counter, Options(stack.Info.Clients["BHXH"]).Build());
        for (int i = 0; i < 3; i++)
        {
            await client.VerifyAsync(RecordOf(stack.Population[i]));
        }

        Assert.Equal(1, counter.TokenRequests);
        Assert.Equal(4, counter.Requests);
    }

    private static VerificationRecord RecordOf(Citizen c) => new(
        c.Id.ToString("D12", CultureInfo.InvariantCulture), null, c.FullName,
        c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        c.IsMale ? "Nam" : "Nữ");

    private DeAn06Client Connect(string clientId) => stack.Info.Connect(stack.Info.Clients[clientId]);

    private ClientDetails Options(DeAn06.Cli.Stack.ClientInfo info)
    {
        string certs = stack.Info.CertificatesFolder;
        return new ClientDetails(stack.Info.Gateway, info.Id, info.Secret, Path.Combine(certs, info.Id + ".pem"), Path.Combine(certs, info.Id + ".key.pem"), Path.Combine(certs, "ca.pem"));
    }

    private sealed record ClientDetails(Uri Gateway, string ClientId, string ClientSecret, string Certificate, string Key, string Ca)
    {
        public DeAn06ClientOptions Build() => DeAn06ClientOptions.FromPem(Gateway, ClientId, ClientSecret, Certificate, Key, Ca);

        public static implicit operator DeAn06ClientOptions(ClientDetails d) => d.Build();
    }

    /// <summary>Changes one byte of every answer body, as a meddling proxy would.</summary>
    private sealed class TamperingHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.Contains("/verify", StringComparison.Ordinal))
            {
                byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                body[^2] = (byte)' ';
                var altered = new ByteArrayContent(body);
                foreach (var h in response.Content.Headers)
                {
                    altered.Headers.TryAddWithoutValidation(h.Key, h.Value);
                }

                response.Content = altered;
            }

            return response;
        }
    }

    /// <summary>Replaces every answer's signature with one by another certificate of the same CA.</summary>
    private sealed class ResigningHandler(string certificatePem, string keyPem) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.Remove("X-DeAn06-Signature"))
            {
                byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                using var pem = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
                using X509Certificate2 signer = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
                var cms = new SignedCms(new ContentInfo(body), detached: true);
                var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer) { IncludeOption = X509IncludeOption.EndCertOnly };
                cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(DateTime.SpecifyKind(new DateTime(2026, 11, 22, 8, 0, 0), DateTimeKind.Utc)));
                cms.ComputeSignature(cmsSigner, silent: true);
                response.Headers.Add("X-DeAn06-Signature", Convert.ToBase64String(cms.Encode()));
            }

            return response;
        }
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Requests;
        public int TokenRequests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            if (request.RequestUri!.AbsolutePath.EndsWith("/connect/token", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref TokenRequests);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
