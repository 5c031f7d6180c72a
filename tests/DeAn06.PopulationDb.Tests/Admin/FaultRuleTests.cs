using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DeAn06.PopulationDb.Tests.Support;

namespace DeAn06.PopulationDb.Tests.Admin;

/// <summary>Targeted fault rules and canned answers (/admin/rules) on the real process.</summary>
public sealed class FaultRuleTests(AdminFixture fixture) : IClassFixture<AdminFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PerEndpointRule_HitsOnlyThatEndpoint()
    {
        await fixture.AddRuleAsync(new { Endpoint = "TraCuuThongTinCongDan/bulk", Status = 503, RetryAfterSeconds = 9 });

        HttpResponseMessage bulk = await fixture.BulkAsync(fixture.IdAt(1));
        await HttpAssert.ProblemAsync(bulk, 503, "MAINTENANCE");
        Assert.Equal(TimeSpan.FromSeconds(9), bulk.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await fixture.LookupAsync(fixture.IdAt(1))).StatusCode);
        // Routing ignores case; so does the rule.
        await HttpAssert.ProblemAsync(await fixture.Client.PostJsonAsync("/API/v1/tracuuthongtincongdan/BULK", $$"""{"SoDinhDanh":["{{fixture.IdAt(1)}}"]}"""), 503, "MAINTENANCE");
    }

    [Fact]
    public async Task PerIdRule_HitsOnlyCallsCarryingThatId_BulkAsAWholeCall()
    {
        string target = fixture.IdAt(10), other = fixture.IdAt(11), third = fixture.IdAt(12);
        await fixture.AddRuleAsync(new { SoDinhDanh = target, Status = 500 });

        await HttpAssert.ProblemAsync(await fixture.LookupAsync(target), 500, "INJECTED_ERROR");
        Assert.Equal(HttpStatusCode.OK, (await fixture.LookupAsync(other)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.BulkAsync(other, third)).StatusCode);
        // Chosen: a bulk look-up that carries the ID fails as a whole, as a real upstream's failing call would.
        await HttpAssert.ProblemAsync(await fixture.BulkAsync(other, target, third), 500, "INJECTED_ERROR");
    }

    [Fact]
    public async Task CannedAnswer_ForOneId_AnsweredAsGiven_OthersUnchanged()
    {
        string target = fixture.IdAt(20);
        await fixture.AddRuleAsync(new
        {
            Endpoint = "TraCuuThongTinCongDan",
            SoDinhDanh = target,
            Body = new { SoDinhDanh = target, HoVaTen = new { Ho = "Lò", ChuDem = "Văn", Ten = "Pọm" }, GioiTinh = "1" },
        });

        JsonElement canned = await HttpAssert.OkJsonAsync(await fixture.LookupAsync(target));
        Assert.Equal("Pọm", canned.GetProperty("HoVaTen").GetProperty("Ten").GetString());
        Assert.False(canned.TryGetProperty("QuocTich", out _));
        JsonElement other = await HttpAssert.OkJsonAsync(await fixture.LookupAsync(fixture.IdAt(21)));
        Assert.Equal(fixture.Population[21].GivenName, other.GetProperty("HoVaTen").GetProperty("Ten").GetString());
    }

    [Fact]
    public async Task DropAndMalformedBody_PerId()
    {
        string dropped = fixture.IdAt(30), broken = fixture.IdAt(31);
        await fixture.AddRuleAsync(new { SoDinhDanh = dropped, Fault = "Drop" });
        await fixture.AddRuleAsync(new { SoDinhDanh = broken, Fault = "MalformedBody" });

        await Assert.ThrowsAsync<HttpRequestException>(() => fixture.LookupAsync(dropped));
        HttpResponseMessage response = await fixture.LookupAsync(broken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(response.Content.ReadAsStringAsync().Result));
        Assert.Equal(HttpStatusCode.OK, (await fixture.LookupAsync(fixture.IdAt(32))).StatusCode);
    }

    [Fact]
    public async Task DelayRule_SlowsThatIdOnly_ThenAnswersAsUsual()
    {
        string slow = fixture.IdAt(40);
        await fixture.AddRuleAsync(new { SoDinhDanh = slow, DelayMs = 1500 });

        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await fixture.LookupAsync(slow)).StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 1500, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task RuleWithTimes_AppliesThatManyTimesThenGoes()
    {
        string id = fixture.IdAt(60);
        await fixture.AddRuleAsync(new { SoDinhDanh = id, Status = 429, RetryAfterSeconds = 1, Times = 2 });

        await HttpAssert.ProblemAsync(await fixture.LookupAsync(id), 429, "THROTTLED");
        await HttpAssert.ProblemAsync(await fixture.LookupAsync(id), 429, "THROTTLED");
        Assert.Equal(HttpStatusCode.OK, (await fixture.LookupAsync(id)).StatusCode);
        Assert.Equal(0, (await HttpAssert.OkJsonAsync(await fixture.AdminAsync(HttpMethod.Get, "/admin/rules"))).GetArrayLength());
    }

    [Fact]
    public async Task RemovedRule_NoLongerApplies()
    {
        string id = await fixture.AddRuleAsync(new { Status = 500 });
        await HttpAssert.ProblemAsync(await fixture.LookupAsync(fixture.IdAt(50)), 500, "INJECTED_ERROR");

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.AdminAsync(HttpMethod.Delete, $"/admin/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.LookupAsync(fixture.IdAt(50))).StatusCode);
        await HttpAssert.ProblemAsync(await fixture.AdminAsync(HttpMethod.Delete, $"/admin/rules/{id}"), 404, "FAULT_RULE_NOT_FOUND");
    }

    [Fact]
    public async Task InvalidRule_400ListsEveryError()
    {
        HttpResponseMessage response = await fixture.AdminAsync(HttpMethod.Post, "/admin/rules",
            new { Endpoint = "TraCuu", SoDinhDanh = "12ab", DelayMs = -5, Status = 99, Fault = "Explode", Times = 0 });
        JsonElement problem = await HttpAssert.ProblemAsync(response, 400, "INVALID_FAULT_RULE");
        string[] errors = [.. problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!)];
        foreach (string member in new[] { "Endpoint:", "SoDinhDanh:", "DelayMs:", "Status:", "Fault:", "Times:" })
        {
            Assert.Contains(errors, e => e.StartsWith(member, StringComparison.Ordinal));
        }

        await HttpAssert.ProblemAsync(await fixture.AdminAsync(HttpMethod.Post, "/admin/rules", """{"Statuss":500}"""), 400, "UNKNOWN_FIELD");
    }

    [Theory]
    [InlineData("GET", "/admin/rules")]
    [InlineData("GET", "/admin/journal")]
    [InlineData("GET", "/admin/citizens")]
    [InlineData("GET", "/admin/faults")]
    public async Task Admin_WithoutKeyOrWithAnother_401(string method, string path)
    {
        await HttpAssert.ProblemAsync(await fixture.AdminAsync(new HttpMethod(method), path, key: null), 401, "ADMIN_KEY_REQUIRED");
        await HttpAssert.ProblemAsync(await fixture.AdminAsync(new HttpMethod(method), path, key: AdminFixture.Key + "x"), 401, "ADMIN_KEY_REQUIRED");
        Assert.Equal(HttpStatusCode.OK, (await fixture.AdminAsync(new HttpMethod(method), path)).StatusCode);
    }
}
