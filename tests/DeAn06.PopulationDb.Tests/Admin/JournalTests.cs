using System.Text.Json;
using DeAn06.PopulationDb.Tests.Support;

namespace DeAn06.PopulationDb.Tests.Admin;

/// <summary>The request journal (/admin/journal): the last N calls with their answers, bounded, masked.</summary>
public sealed class JournalTests(AdminFixture fixture) : IClassFixture<AdminFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Journal_LastN_InOrderWithAnswers_MaskedAndBounded()
    {
        string dropped = fixture.IdAt(103);
        await fixture.AddRuleAsync(new { SoDinhDanh = dropped, Fault = "Drop" });
        string[] ids = [.. Enumerable.Range(100, 7).Select(fixture.IdAt)];
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] == dropped)
            {
                await Assert.ThrowsAsync<HttpRequestException>(() => fixture.LookupAsync(dropped));
            }
            else if (i == 5)
            {
                await fixture.BulkAsync(ids[i], "000000000000");
            }
            else
            {
                await fixture.LookupAsync(ids[i]);
            }
        }

        JsonElement[] last3 = await EntriesAsync("?last=3");
        Assert.Equal(3, last3.Length);
        Assert.Equal([Masked(ids[4])], Numbers(last3[0]));
        Assert.Equal([Masked(ids[5]), "000*******00"], Numbers(last3[1]));
        Assert.Equal("/api/v1/TraCuuThongTinCongDan/bulk", last3[1].GetProperty("path").GetString());
        Assert.Equal([Masked(ids[6])], Numbers(last3[2]));
        Assert.True(last3[0].GetProperty("sequence").GetInt64() < last3[1].GetProperty("sequence").GetInt64());
        Assert.True(last3[1].GetProperty("sequence").GetInt64() < last3[2].GetProperty("sequence").GetInt64());
        Assert.All(last3, e => Assert.Equal(200, e.GetProperty("status").GetInt32()));
        Assert.All(last3, e => Assert.Equal("POST", e.GetProperty("method").GetString()));

        JsonElement[] all = await EntriesAsync("");
        Assert.Equal(AdminFixture.JournalCapacity, all.Length); // 7 calls, 5 kept: the oldest two forgotten
        Assert.Equal([Masked(ids[2])], Numbers(all[0]));
        JsonElement drop = all[1];
        Assert.Equal(0, drop.GetProperty("status").GetInt32());
        Assert.Equal("rule r" , drop.GetProperty("fault").GetString()![..6]);

        string text = await (await fixture.AdminAsync(HttpMethod.Get, "/admin/journal")).Content.ReadAsStringAsync();
        Assert.All(ids, id => Assert.DoesNotContain(id, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Journal_InvalidLast_400()
    {
        await HttpAssert.ProblemAsync(await fixture.AdminAsync(HttpMethod.Get, "/admin/journal?last=abc"), 400, "INVALID_QUERY");
        await HttpAssert.ProblemAsync(await fixture.AdminAsync(HttpMethod.Get, "/admin/journal?last=0"), 400, "INVALID_QUERY");
    }

    private async Task<JsonElement[]> EntriesAsync(string query) =>
        [.. (await HttpAssert.OkJsonAsync(await fixture.AdminAsync(HttpMethod.Get, "/admin/journal" + query))).GetProperty("entries").EnumerateArray()];

    private static string[] Numbers(JsonElement entry) => [.. entry.GetProperty("numbers").EnumerateArray().Select(n => n.GetString()!)];

    private static string Masked(string id) => id[..3] + "*******" + id[10..];
}
