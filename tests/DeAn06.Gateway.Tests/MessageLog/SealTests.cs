using System.Security.Cryptography;
using System.Text;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Gateway.Tokens;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.MessageLog;

/// <summary>Seals: trusted only through the CA, key ids recomputed, rotation, and the TSA anchor that names a cut tail.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SealTests(GatewayFixture fixture) : IAsyncLifetime
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private WebApplicationFactory<Program> _gateway = null!;
    private string _path = null!;

    public async Task InitializeAsync()
    {
        _gateway = fixture.CreateGateway();
        _path = Options(_gateway).SqlitePath;
        await ExchangeAndSealAsync(_gateway); // entries 1-2, seal over 2
        await ExchangeAndSealAsync(_gateway); // entries 3-4, seal over 4
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Verify_LogRewrittenAndResealedWithAnotherCasSealKey_NotIntactNamingTheSeal()
    {
        // The attacker's own CA and a seal certificate from it, sealing EKU and all; before issue 13 the
        // verifier took the key stored beside each seal, and said "intact".
        string rogue = Path.Combine(Path.GetDirectoryName(_path)!, "rogue");
        DevCertificates.Create(rogue, [], TimeProvider.System.GetUtcNow());
        string copy = LogCopy.Tampered(_path, "UPDATE message_log SET status = status WHERE seq = 2");
        LogForger.RewriteClient(copy, 2, "THUE");
        LogForger.Reseal(copy, Path.Combine(rogue, "seal.pem"), Path.Combine(rogue, "seal.key.pem"));

        VerifyResult result = MessageLogVerifier.Verify(copy, await fixture.TrustForAsync(_gateway, journal: false));

        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBroken);
        Assert.StartsWith("the seal over entry 2 (key ", result.Problem, StringComparison.Ordinal);
        Assert.Contains("is signed by a key that is not trusted: its certificate (CN=seal, O=DeAn06) does not chain to the trusted CA", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ResealedWithAnotherCertificateOfTheSameCa_NotIntact()
    {
        // gateway.pem chains to the project CA but is no seal certificate (no sealing EKU): X509Chain alone
        // would accept a certificate without any EKU for every purpose.
        string copy = LogCopy.Tampered(_path, "UPDATE message_log SET status = status WHERE seq = 2");
        LogForger.Reseal(copy, Path.Combine(fixture.Certificates, "gateway.pem"), Path.Combine(fixture.Certificates, "gateway.key.pem"));

        VerifyResult result = MessageLogVerifier.Verify(copy, await fixture.TrustForAsync(_gateway, journal: false));

        Assert.False(result.Intact);
        Assert.Contains("(CN=gateway, O=DeAn06) is not issued for this use", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SealClaimingAnotherKeyId_Refused()
    {
        string copy = LogCopy.Tampered(_path, "UPDATE message_log SET status = status WHERE seq = 2");
        LogForger.Reseal(copy, Path.Combine(fixture.Certificates, "seal.pem"), Path.Combine(fixture.Certificates, "seal.key.pem"), claimedKeyId: "AAAAAAAAAAAAAAAA");

        VerifyResult result = MessageLogVerifier.Verify(copy, await fixture.TrustForAsync(_gateway, journal: false));

        Assert.False(result.Intact);
        Assert.Contains("(key AAAAAAAAAAAAAAAA) names a key other than its certificate's", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NewestEntriesDeletedWithTheirSeals_NamesTheCut()
    {
        string copy = LogCopy.Tampered(_path, "DELETE FROM message_log WHERE seq > 2; DELETE FROM seals WHERE seq > 2;");

        // Without the TSA's journal the cut leaves no trace in the log itself...
        Assert.True(MessageLogVerifier.Verify(copy, await fixture.TrustForAsync(_gateway, journal: false)).Intact);
        // ...the journal holds the token the TSA issued for the seal over entry 4.
        VerifyResult result = MessageLogVerifier.Verify(copy, await fixture.TrustForAsync(_gateway));

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBroken);
        Assert.Matches(@"^the log ends at entry 2 but the TSA timestamped a seal over entry 4 at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ: entries after 2 were cut$", result.Problem);
    }

    [Fact]
    public async Task Verify_JournalOfAnotherRequester_NotIntact()
    {
        VerifyResult result = MessageLogVerifier.Verify(_path, await fixture.TrustForAsync(_gateway) with { Requester = "someone-else" });

        Assert.False(result.Intact);
        Assert.Equal("the timestamp on the seal over entry 2 is not in the TSA journal for 'someone-else' (another requester's journal, or not the TSA's)", result.Problem);
    }

    [Fact]
    public async Task Verify_SealWithAnotherSealsTimestamp_NotIntact()
    {
        string copy = LogCopy.Tampered(_path, "UPDATE seals SET timestamp = (SELECT timestamp FROM seals WHERE seq = 4) WHERE seq = 2");

        VerifyResult result = MessageLogVerifier.Verify(copy, await fixture.TrustForAsync(_gateway));

        Assert.False(result.Intact);
        Assert.Equal("the timestamp on the seal over entry 2 stamps another hash (not this seal)", result.Problem);
    }

    [Fact]
    public async Task Verify_SealsWithoutCertificate_TrustedOnlyThroughTheTrustedKeysFile()
    {
        using var oldKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string copy = LogCopy.Tampered(_path, "UPDATE message_log SET status = status WHERE seq = 2");
        LogForger.ResealAsLegacy(copy, oldKey);
        string keysFile = copy + ".trusted-keys.pem";
        await File.WriteAllTextAsync(keysFile, oldKey.ExportSubjectPublicKeyInfoPem());
        LogTrust caOnly = await fixture.TrustForAsync(_gateway, journal: false);

        VerifyResult untrusted = MessageLogVerifier.Verify(copy, caOnly);
        VerifyResult trusted = MessageLogVerifier.Verify(copy, caOnly with { TrustedSealKeys = LogTrust.LoadTrustedKeys(keysFile) });

        Assert.False(untrusted.Intact);
        Assert.EndsWith("carries no certificate and its key is not among the trusted keys", untrusted.Problem, StringComparison.Ordinal);
        Assert.True(trusted.Intact, trusted.Problem);
        Assert.Equal((2, 0), (trusted.Seals, trusted.Timestamped));
    }

    [Fact]
    public void SealKey_IsNotATokenSigningKey()
    {
        string[] tokenKeys = [.. _gateway.Services.GetRequiredService<SigningKeys>().PublicKeys().Select(k => k.KeyId)];
        string[] sealKeys = [.. Query("SELECT DISTINCT kid FROM seals", r => r.GetString(0))];

        Assert.Single(sealKeys);
        Assert.DoesNotContain(sealKeys[0], tokenKeys);
        Assert.Equal(SealCertificate.KeyIdOf(Convert.FromBase64String(Query("SELECT public_key FROM seals", r => r.GetString(0))[0])), sealKeys[0]);
    }

    [Fact]
    public async Task Verify_SealKeyRotated_OldAndNewSealsVerify()
    {
        string name = "seal-" + Guid.NewGuid().ToString("N")[..8];
        DevCertificates.IssueSealCertificate(fixture.Certificates, name, TimeProvider.System.GetUtcNow());
        string requester = Options(_gateway).TimeStampRequester;
        await _gateway.DisposeAsync();
        _gateway = fixture.CreateGateway(null, ("MessageLog:SqlitePath", _path), ("MessageLog:TimeStampRequester", requester),
            ("MessageLog:SealCertificatePath", Path.Combine(fixture.Certificates, name + ".pem")), ("MessageLog:SealKeyPath", Path.Combine(fixture.Certificates, name + ".key.pem")));
        await ExchangeAndSealAsync(_gateway);

        VerifyResult result = MessageLogVerifier.Verify(_path, await fixture.TrustForAsync(_gateway));

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(2, result.SealKeys.Count);
        Assert.Equal(result.Seals, result.Timestamped);
    }

    [Fact]
    public async Task Seal_TsaUnreachable_WrittenWithoutTokenAndReported()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("MessageLog:TimeStampUrl", "http://127.0.0.1:1/timestamp"));
        await ExchangeAndSealAsync(gateway);
        string log = Options(gateway).SqlitePath;

        VerifyResult result = MessageLogVerifier.Verify(log, await fixture.TrustForAsync(gateway));
        var output = new StringWriter();
        AuditCommand.TryRun(["audit", "verify", log, "--ca", Path.Combine(fixture.Certificates, "ca.pem"), "--tsa-journal", fixture.JournalPath], output);

        Assert.True(result.Intact, result.Problem);
        Assert.Equal((1, 0), (result.Seals, result.Timestamped));
        Assert.Contains("; 0 of 1 seals timestamped", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_StoredToken_AcceptedByOpenSsl()
    {
        var (seq, hash, at, kid, token) = Query("SELECT seq, entry_hash, sealed_at, kid, timestamp FROM seals ORDER BY id DESC LIMIT 1",
            r => (r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetFieldValue<byte[]>(4)))[0];
        string file = _path + ".token.der";
        File.WriteAllBytes(file, token);
        string imprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(MessageLogStore.SealText(seq, hash, at, kid))));

        string output = OpenSsl.Run("ts", "-verify", "-token_in", "-in", file, "-digest", imprint, "-CAfile", Path.Combine(fixture.Certificates, "ca.pem"));

        Assert.Contains("Verification: OK", output, StringComparison.Ordinal);
    }

    private static MessageLogOptions Options(WebApplicationFactory<Program> gateway) => gateway.Services.GetRequiredService<IOptions<MessageLogOptions>>().Value;

    private static async Task ExchangeAndSealAsync(WebApplicationFactory<Program> gateway)
    {
        using HttpClient bhxh = await GatewayFixture.ClientForAsync(gateway, "BHXH");
        (await bhxh.PostAsync("/api/v1/verify", new StringContent(Record, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        await gateway.Services.GetRequiredService<MessageLogWriter>().FlushAsync(seal: true, CancellationToken.None);
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var c = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=false");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using SqliteDataReader r = cmd.ExecuteReader();
        var rows = new List<T>();
        while (r.Read())
        {
            rows.Add(read(r));
        }

        return rows;
    }
}
