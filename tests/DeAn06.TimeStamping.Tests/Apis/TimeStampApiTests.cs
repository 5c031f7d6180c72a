using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.TimeStamping.Tests.Apis;

public sealed class TimeStampApiTests : IAsyncLifetime
{
    private readonly string _folder = TsaKeys.Create(Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N")));
    private WebApplicationFactory<Program> _tsa = null!;

    private string Journal => Path.Combine(_folder, "journal", "tsa.jsonl");

    public Task InitializeAsync()
    {
        _tsa = Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _tsa.DisposeAsync();

    [Fact]
    public async Task Timestamp_Sha256Query_ReplyAcceptedByOpenSsl()
    {
        string data = Path.Combine(_folder, "data.bin");
        await File.WriteAllBytesAsync(data, RandomNumberGenerator.GetBytes(100));
        string query = Path.Combine(_folder, "q.tsq");
        OpenSsl("ts", "-query", "-data", data, "-sha256", "-cert", "-out", query);

        using HttpResponseMessage response = await PostAsync(await File.ReadAllBytesAsync(query), "gateway");
        string reply = Path.Combine(_folder, "r.tsr");
        await File.WriteAllBytesAsync(reply, await response.Content.ReadAsByteArrayAsync());

        Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Verification: OK", OpenSsl("ts", "-verify", "-data", data, "-in", reply, "-CAfile", Path.Combine(_folder, "ca.pem")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timestamp_DotNetRequest_TokenMatchesImprintAndNonce()
    {
        byte[] hash = SHA256.HashData("seal"u8);
        var request = Rfc3161TimestampRequest.CreateFromHash(hash, HashAlgorithmName.SHA256, nonce: new byte[] { 0x01, 0x02, 0x03 }, requestSignerCertificates: true);

        using HttpResponseMessage response = await PostAsync(request.Encode(), "gateway");
        Rfc3161TimestampToken token = request.ProcessResponse(await response.Content.ReadAsByteArrayAsync(), out _);

        Assert.True(token.VerifySignatureForHash(hash, HashAlgorithmName.SHA256, out _));
        Assert.Equal("2.25.379061082399576724357935506038643544", token.TokenInfo.PolicyId.Value);
    }

    [Fact]
    public async Task Journal_TsaRestarted_KeepsEveryTokenAndContinuesSerials()
    {
        await StampAsync("gw-a");
        await StampAsync("gw-b");
        await _tsa.DisposeAsync();
        _tsa = Start();
        await StampAsync("gw-a");

        string[] lines = [.. File.ReadAllLines(Journal)];
        string onlyA = await _tsa.CreateClient().GetStringAsync(new Uri("/journal?requester=gw-a", UriKind.Relative));

        Assert.Equal(["01", "02", "03"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("serial").GetString()));
        Assert.Equal(2, onlyA.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Timestamp_NoRequester_400AndNothingJournalled()
    {
        var request = Rfc3161TimestampRequest.CreateFromHash(SHA256.HashData("x"u8), HashAlgorithmName.SHA256);

        using HttpResponseMessage response = await PostAsync(request.Encode(), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(File.Exists(Journal) && new FileInfo(Journal).Length > 0);
    }

    [Fact]
    public async Task Timestamp_Sha1Imprint_RejectedWithBadAlg()
    {
        var request = Rfc3161TimestampRequest.CreateFromHash(new byte[20], HashAlgorithmName.SHA1);

        using HttpResponseMessage response = await PostAsync(request.Encode(), "gateway");
        byte[] reply = await response.Content.ReadAsByteArrayAsync();

        Assert.Throws<CryptographicException>(() => request.ProcessResponse(reply, out _));
        Assert.False(File.Exists(Journal) && new FileInfo(Journal).Length > 0);
    }

    private WebApplicationFactory<Program> Start() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("TimeStamping:CertificatePath", Path.Combine(_folder, "tsa.pem"));
        b.UseSetting("TimeStamping:KeyPath", Path.Combine(_folder, "tsa.key.pem"));
        b.UseSetting("TimeStamping:JournalPath", Journal);
    });

    private async Task StampAsync(string requester)
    {
        var request = Rfc3161TimestampRequest.CreateFromHash(SHA256.HashData(RandomNumberGenerator.GetBytes(8)), HashAlgorithmName.SHA256);
        using HttpResponseMessage response = await PostAsync(request.Encode(), requester);
        request.ProcessResponse(await response.Content.ReadAsByteArrayAsync(), out _);
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] query, string? requester)
    {
        using var content = new ByteArrayContent(query);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var message = new HttpRequestMessage(HttpMethod.Post, "/timestamp") { Content = content };
        if (requester is not null)
        {
            message.Headers.Add("X-DeAn06-Requester", requester);
        }

        return await _tsa.CreateClient().SendAsync(message);
    }

    private static string OpenSsl(params string[] args)
    {
        var info = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"openssl {string.Join(' ', args)} failed: {output}");
        return output;
    }
}
