using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DeAn06.Cli.Tests.Support;
using DeAn06.Client;
using DeAn06.Contracts.Reports;
using Microsoft.Playwright;

namespace DeAn06.Cli.Tests.OperatorsView;

/// <summary>
/// The operators' page in a real browser against the real stack: it shows the figures of a scenario
/// that just ran, follows a batch while it runs without a reload, drills down from a reason to masked
/// records, switches language, exports the report, and keeps everyone but operators out.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class OperatorsViewTests(StackFixture stack, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Page_Operator_ShowsFiguresFollowsABatchDrillsDownAndExports()
    {
        CliResult first = await stack.RunAsync("scenario", "run", "brvt-bhyt-2024-05", "--scale", "500");
        Assert.True(first.ExitCode == 0, first.ToString());

        await using IBrowserContext context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        IPage page = await context.NewPageAsync();
        // The page runs under a strict CSP (no inline script or style): anything it refuses shows here.
        var refused = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refused.Enqueue(message.Text);
            }
        };
        await SignInAsync(page, "OPS");
        await page.WaitForSelectorAsync("body[data-loaded=true]");

        // The BHYT row shows what the statistics API holds right now, in the reports' format.
        var (matched, total) = await FiguresAsync("BHYT", "77");
        string expected = $"{VietnameseFormat.Count(matched)}/{VietnameseFormat.Count(total)} · {VietnameseFormat.Percent(matched, total)}";
        await Assertions.Expect(page.Locator("tr[data-group='BHYT-77'] td.figure")).ToHaveTextAsync(expected);
        Assert.Contains("Bà Rịa", await page.Locator("tr[data-group='BHYT-77']").InnerTextAsync(), StringComparison.Ordinal);

        // A batch starts after the page loaded: it appears, runs and completes without a reload.
        await page.EvaluateAsync("() => { window.__sameLoad = true; }");
        // 320,000 records: several seconds of work, so the page (polling every 2 s) sees it running.
        Task<CliResult> batch = stack.RunAsync("scenario", "run", "thanhhoa-bhxh-2023-09", "--scale", "10");
        await page.WaitForSelectorAsync("tr[data-status='Running'], tr[data-status='Queued']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        CliResult second = await batch;
        Assert.True(second.ExitCode == 0, second.ToString());
        var (m38, t38) = await FiguresAsync("BHXH", "38");
        await Assertions.Expect(page.Locator("tr[data-group='BHXH-38'] td.figure"))
            .ToHaveTextAsync($"{VietnameseFormat.Count(m38)}/{VietnameseFormat.Count(t38)} · {VietnameseFormat.Percent(m38, t38)}", new LocatorAssertionsToHaveTextOptions { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("tr[data-status='Running']")).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameLoad === true"), "the page reloaded instead of updating");
        Assert.Equal("100%", await page.Locator("tr[data-status='Completed'] .bar > div").First.EvaluateAsync<string>("d => d.style.width"));

        // Drill down from "thông tin cá nhân sai lệch" to masked records and the fields that differed.
        await page.Locator("tr[data-group='BHXH-38'] a.reason[data-verdict='MISMATCH']").ClickAsync();
        await Assertions.Expect(page.Locator("#samples tbody tr").First).ToBeVisibleAsync();
        string sample = await page.Locator("#samples tbody tr").First.InnerTextAsync();
        Assert.Contains("*", sample, StringComparison.Ordinal);
        Assert.Contains("NgayThangNamSinh", sample, StringComparison.Ordinal);

        // Export: the Vietnamese report as Markdown, the same figures as CSV.
        string markdown = await page.EvaluateAsync<string>("() => fetch(document.getElementById('export-md').href).then(r => r.text())");
        Assert.Contains($"{VietnameseFormat.Count(m38)}/{VietnameseFormat.Count(t38)}", markdown, StringComparison.Ordinal);
        string csv = await page.EvaluateAsync<string>("() => fetch(document.getElementById('export-csv').href).then(r => r.text())");
        Assert.Contains("BHXH", csv, StringComparison.Ordinal);

        // Platform: the clients' counts, upstream health, circuit breakers, recent seals.
        await Assertions.Expect(page.Locator("#circuits li[data-circuit='batch']")).ToContainTextAsync("đóng");
        await Assertions.Expect(page.Locator("#upstreams li").First).ToContainTextAsync("bình thường");
        await Assertions.Expect(page.Locator("#seals li").First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 10_000 });
        Assert.Contains("BHXH-38", await page.Locator("#clients").InnerTextAsync(), StringComparison.Ordinal);

        // Gateway nodes (/ops/api/nodes): this stack's one gateway, answering and sealing, marked as the node that serves the page.
        await Assertions.Expect(page.Locator("#nodes tbody tr")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#nodes tbody tr td[data-health]")).ToHaveAttributeAsync("data-health", "active");
        Assert.Contains("đang hoạt động", await page.Locator("#nodes tbody tr").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("(nút này)", await page.Locator("#nodes tbody tr").InnerTextAsync(), StringComparison.Ordinal);

        // English on request, Vietnamese by default.
        Assert.Equal("Bảng điều hành DeAn06", await page.Locator("header h1").InnerTextAsync());
        await page.Locator("#lang").ClickAsync();
        await Assertions.Expect(page.Locator("header h1")).ToHaveTextAsync("DeAn06 operations");
        await Assertions.Expect(page.Locator("#nodes tbody tr td[data-health]")).ToHaveTextAsync("active");

        Assert.Empty(refused);

        if (Environment.GetEnvironmentVariable("DEAN06_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.Locator("#lang").ClickAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "operators-view.png"), FullPage = true });
        }
    }

    [Fact]
    public async Task Page_NonOperator_Denied()
    {
        await using IBrowserContext context = await browser.Browser.NewContextAsync();
        IPage page = await context.NewPageAsync();
        IResponse? direct = await page.GotoAsync(new Uri(stack.Info.Gateway, "ops/").ToString());
        Assert.EndsWith("/ops/login", page.Url, StringComparison.Ordinal); // not signed in: sent to sign in
        Assert.Equal(200, direct!.Status);

        await SignInAsync(page, "BHXH");
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("không có quyền");
        Assert.Contains("/ops/login?error=denied", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, (await context.CookiesAsync()).Count(c => c.Name == "dean06_ops"));

        // A sector system's own token does not open the operators' API either.
        using var http = new HttpClient { BaseAddress = stack.Info.Gateway };
        var bhxh = stack.Info.Clients["BHXH"];
        using HttpResponseMessage token = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["grant_type"] = "client_credentials", ["client_id"] = bhxh.Id, ["client_secret"] = bhxh.Secret }));
        string accessToken = JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "ops/api/statistics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using HttpResponseMessage refused = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("\"code\":\"ACCESS_DENIED\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using HttpResponseMessage anonymous = await http.GetAsync("ops/api/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private async Task SignInAsync(IPage page, string clientId)
    {
        await page.GotoAsync(new Uri(stack.Info.Gateway, "ops/login").ToString());
        await page.FillAsync("#client_id", clientId);
        await page.FillAsync("#client_secret", stack.Info.Clients[clientId].Secret);
        await page.ClickAsync("#signin");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private async Task<(long Matched, long Total)> FiguresAsync(string sector, string province)
    {
        using DeAn06Client ops = stack.Info.Connect(stack.Info.Clients["OPS"]);
        string json = await ops.GetStatisticsAsync("json", new Dictionary<string, string> { ["sector"] = sector, ["province"] = province });
        JsonElement group = JsonDocument.Parse(json).RootElement[0];
        return (group.GetProperty("matched").GetInt64(), group.GetProperty("total").GetInt64());
    }
}
