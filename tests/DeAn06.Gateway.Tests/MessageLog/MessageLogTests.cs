using System.Security.Cryptography;
using System.Text;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.MessageLog;

[Collection(GatewayCollection.Name)]
public sealed class MessageLogTests(GatewayFixture fixture) : IAsyncLifetime
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private WebApplicationFactory<Program> _gateway = null!;
    private string _path = null!;

    public async Task InitializeAsync()
    {
        _gateway = fixture.CreateGateway();
        _path = _gateway.Services.GetRequiredService<IOptions<MessageLogOptions>>().Value.SqlitePath;
        using HttpClient bhxh = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        using HttpClient anonymous = _gateway.CreateClient();
        (await bhxh.PostAsync("/api/v1/verify", new StringContent(Record, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        await anonymous.PostAsync("/api/v1/verify", new StringContent(Record, Encoding.UTF8, "application/json"));
        await bhxh.GetAsync("/api/v1/statistics");
        (await anonymous.GetAsync("/openapi/v1.json")).EnsureSuccessStatusCode(); // the public document: not an exchange to log
        await _gateway.Services.GetRequiredService<MessageLogWriter>().FlushAsync(seal: true, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public void Exchanges_AllowedAndDenied_EachLoggedWithBodyHashes()
    {
        var rows = Query("SELECT seq, client, service, status, request_sha256, request_bytes FROM message_log ORDER BY seq",
            r => (Seq: r.GetInt64(0), Client: r.IsDBNull(1) ? null : r.GetString(1), Service: r.IsDBNull(2) ? null : r.GetString(2), Status: r.GetInt32(3), Hash: r.GetString(4), Bytes: r.GetInt64(5)));
        Assert.Equal([200, 200, 401, 403], rows.Select(r => r.Status));
        Assert.Equal("BHXH", rows[0].Client); // the token request
        Assert.Equal(("BHXH", "verify"), (rows[1].Client, rows[1].Service));
        Assert.Null(rows[2].Client);
        Assert.Equal(("BHXH", "statistics"), (rows[3].Client, rows[3].Service));
        byte[] body = Encoding.UTF8.GetBytes(Record);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), rows[1].Hash);
        Assert.Equal(body.Length, rows[1].Bytes);
    }

    [Fact]
    public void Log_HoldsNoIdNumberOrName()
    {
        byte[] file = File.ReadAllBytes(_path);
        Assert.Equal(-1, file.AsSpan().IndexOf("001085866844"u8));
        Assert.Equal(-1, file.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Hùng")));
    }

    [Fact]
    public async Task Verify_Untouched_IntactSealedAndTimestamped()
    {
        VerifyResult result = MessageLogVerifier.Verify(_path, await fixture.TrustForAsync(_gateway));
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(4, result.Entries);
        Assert.True(result.Seals >= 1);
        Assert.Equal(0, result.UnsealedTail);
        Assert.Equal(result.Seals, result.Timestamped);
        Assert.Equal(result.Seals, result.JournalTokens);
        var output = new StringWriter();
        Assert.Equal(0, AuditCommand.TryRun(AuditArguments(_path), output));
        Assert.StartsWith("intact: 4 entries, ", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE message_log SET status = 200 WHERE seq = 3", 3L, "altered")]
    [InlineData("UPDATE message_log SET client = 'THUE' WHERE seq = 2", 2L, "altered")]
    [InlineData("DELETE FROM message_log WHERE seq = 2", 2L, "missing")]
    [InlineData("DELETE FROM message_log WHERE seq = 4", 4L, "seal over entry 4")]
    [InlineData("UPDATE seals SET signature = 'AAAA' || substr(signature, 5)", 4L, "invalid signature")]
    public async Task Verify_Tampered_NamesTheFirstBrokenEntry(string tamper, long broken, string problem)
    {
        string copy = LogCopy.Tampered(_path, tamper);
        VerifyResult result = MessageLogVerifier.Verify(copy, await fixture.TrustForAsync(_gateway));
        Assert.False(result.Intact);
        Assert.Equal(broken, result.FirstBroken);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
        var output = new StringWriter();
        Assert.Equal(1, AuditCommand.TryRun(AuditArguments(copy), output));
        Assert.StartsWith($"BROKEN at entry {broken}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AuditCommand_NoSuchFile_OneLineAndExit2()
    {
        var output = new StringWriter();
        Assert.Equal(2, AuditCommand.TryRun(["audit", "verify", "/nonexistent/log.db"], output));
        Assert.Single(output.ToString().Trim().Split('\n'));
    }

    [Theory]
    [InlineData(false)] // a text file: SQLite error 26, not a database
    [InlineData(true)] // an SQLite database without the log's tables
    public void AuditCommand_NotAMessageLog_OneLineAndExit2(bool sqlite)
    {
        string file = Path.Combine(Path.GetTempPath(), "dean06-tests", $"not-a-log-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        if (sqlite)
        {
            using var c = new SqliteConnection($"Data Source={file};Pooling=false");
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE notes (text TEXT)";
            cmd.ExecuteNonQuery();
        }
        else
        {
            File.WriteAllText(file, "not a message log\n");
        }

        var output = new StringWriter();
        Assert.Equal(2, AuditCommand.TryRun(["audit", "verify", file, "--ca", Path.Combine(fixture.Certificates, "ca.pem")], output));
        Assert.StartsWith($"audit: '{file}' is not a message log: ", output.ToString(), StringComparison.Ordinal);
        Assert.Single(output.ToString().Trim().Split('\n'));
    }

    [Fact]
    public void AuditCommand_NoTrustGiven_RefusesWithExit2()
    {
        var output = new StringWriter();
        Assert.Equal(2, AuditCommand.TryRun(["audit", "verify", _path], output));
        Assert.Contains("--ca", output.ToString(), StringComparison.Ordinal);
    }

    private string[] AuditArguments(string log) =>
        ["audit", "verify", log, "--ca", Path.Combine(fixture.Certificates, "ca.pem"), "--tsa-journal", fixture.JournalPath,
         "--requester", _gateway.Services.GetRequiredService<IOptions<MessageLogOptions>>().Value.TimeStampRequester];

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
