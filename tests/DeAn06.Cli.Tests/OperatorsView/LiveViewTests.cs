using System.Globalization;
using System.Text.Json;
using DeAn06.Cli.Tests.Support;
using DeAn06.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace DeAn06.Cli.Tests.OperatorsView;

/// <summary>
/// The redesigned operators' page in Debian's Chromium against the real stack: the status strip, live
/// updates pushed by the server without the page's own traffic in the message log, clicks while updates
/// arrive, the jobs table's figures, the province tiles in the 63 and the 34 provinces, the session that
/// renews and says when it has ended, and the phone layout. Screenshots of each view go to
/// DEAN06_SCREENSHOTS when it is set (docs/images).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class LiveViewTests(StackFixture stack, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stream_PageOpenForSeveralUpdates_NoMessageLogEntriesFromThePage()
    {
        await EnsureFiguresAsync();
        long before = LastLogEntry();
        await using IBrowserContext context = await NewContextAsync(1366, 900);
        IPage page = await OpenAsync(context);

        // Five pushed updates (about ten seconds): the old page would have made 25 logged requests.
        await WaitForSnapshotsAsync(page, 5);
        await WaitForLogToSettleAsync();
        Assert.Equal(0, LogEntriesSince(before, "/ops/api/%"));
    }

    [Fact]
    public async Task Groups_ClickWhileUpdatesArrive_DrillDownSortAndTarget()
    {
        await EnsureFiguresAsync();
        await using IBrowserContext context = await NewContextAsync(1366, 900);
        IPage page = await OpenAsync(context);
        ILocator row = page.Locator("tr[data-group='BHYT-77']");
        await Assertions.Expect(row.Locator("td").First).ToHaveTextAsync("BHYT Bà Rịa - Vũng Tàu");

        // Each click lands between or during pushed updates, and opens the drill-down every time.
        for (int i = 0; i < 4; i++)
        {
            int seen = await SnapshotsAsync(page);
            await row.Locator("a.reason").First.ClickAsync();
            await Assertions.Expect(page.Locator("#drill")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#drill-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ trên [\d.]+$"));
            await page.Locator("#drill-close").ClickAsync();
            await Assertions.Expect(page.Locator("#drill")).ToBeHiddenAsync();
            await WaitForSnapshotsAsync(page, seen + 1);
        }

        // "20 of N": N is the reason's own count.
        ILocator reason = row.Locator("a.reason").First;
        string n = VietnameseFormat(int.Parse(await reason.GetAttributeAsync("data-n") ?? "0", CultureInfo.InvariantCulture));
        await reason.ClickAsync();
        await Assertions.Expect(page.Locator("#drill-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"^\d+ trên {System.Text.RegularExpressions.Regex.Escape(n)}$"));
        Assert.Equal(Math.Min(20, int.Parse(n.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)), await page.Locator("#samples tbody tr").CountAsync());

        // Sorted by rate, the order holds across updates; the target colours rows below it.
        await page.Locator("#groups th[data-sort='rate']").ClickAsync();
        await Assertions.Expect(page.Locator("#groups th[data-sort='rate']")).ToHaveAttributeAsync("aria-sort", "ascending");
        string[] order = await GroupRatesAsync(page);
        Assert.Equal(order.OrderBy(r => r, StringComparer.Ordinal), order);
        await WaitForSnapshotsAsync(page, await SnapshotsAsync(page) + 1);
        Assert.Equal(order, await GroupRatesAsync(page));
        await page.Locator("#threshold").FillAsync("50");
        await Assertions.Expect(row).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("below"));
        await page.Locator("#threshold").FillAsync("99.9");
        await Assertions.Expect(row).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("below"));
        await Shot(page, "operators-drill-down.png");
    }

    [Fact]
    public async Task Jobs_RejectedLines_CheckedOverAcceptedVerdictCountsAndFilesOnThePage()
    {
        string folder = Path.Combine(stack.DataFolder, "ops-ui");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, "with-bad-lines.csv");
        await File.WriteAllTextAsync(file, $"MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n{Line(7100)}\nX1,001085866844,,01/01/1990,Nam\n{Line(7200)}\nX2,001085866844,An,32/13/1990,Nam\n{Line(7300)}\n");
        CliResult run = await stack.RunAsync("verify", file, "--sector", "GIAODUC", "--province", "06");
        Assert.True(run.ExitCode == 0, run.ToString());

        await using IBrowserContext context = await NewContextAsync(1366, 900);
        IPage page = await OpenAsync(context);
        await page.Locator("#job-filter").FillAsync("Giáo dục Bắc Kạn");
        ILocator job = page.Locator("#jobs tbody tr[data-status='Completed']").First;
        await Assertions.Expect(job).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        // 3 accepted and checked, 2 rejected: "3/3" and 2 rejected apart, never "5/3".
        await Assertions.Expect(job.Locator("span.done")).ToHaveTextAsync("3/3");
        await Assertions.Expect(job.Locator("td.rejected")).ToHaveTextAsync("2");
        await Assertions.Expect(job.Locator("td").Nth(1)).ToHaveTextAsync("Giáo dục Bắc Kạn");
        await Assertions.Expect(job.Locator("td.verdicts")).ToContainTextAsync("khớp: 3");
        Assert.Matches(@"^\d{2}/\d{2} \d{2}:\d{2}:\d{2}$", await job.Locator("td").Nth(4).InnerTextAsync()); // finished at, dd/MM
        Assert.All(await page.Locator("#jobs tbody tr td:nth-child(2)").AllInnerTextsAsync(), s => Assert.Equal("Giáo dục Bắc Kạn", s)); // the filter

        // Results and errors read on the page, not only downloaded.
        await job.Locator("button[data-view='results']").ClickAsync();
        // The results file has a line for every line of the file: 3 verdicts and the 2 rejected lines.
        await Assertions.Expect(page.Locator("#job-view-count")).ToHaveTextAsync("5 trên 5 dòng");
        await Assertions.Expect(page.Locator("#job-lines tbody")).ToContainTextAsync("MATCH (khớp)");
        await Shot(page, "operators-job-results.png");
        await page.Locator("#job-view-close").ClickAsync();
        await Assertions.Expect(page.Locator("#job-view")).ToBeHiddenAsync();
        await job.Locator("button[data-view='errors']").ClickAsync();
        await Assertions.Expect(page.Locator("#job-view-what")).ToContainTextAsync("lỗi");
        await Assertions.Expect(page.Locator("#job-view-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9]\d* trên [1-9]\d* dòng$"));
    }

    [Fact]
    public async Task Tiles_MergedProvinces_BacKanWithinThaiNguyenBrvtWithinHoChiMinhCity()
    {
        await EnsureFiguresAsync();
        await using IBrowserContext context = await NewContextAsync(1366, 900);
        IPage page = await OpenAsync(context);
        await page.Locator("#tile-sector").SelectOptionAsync("BHYT");
        await Assertions.Expect(page.Locator("#tiles .tile")).ToHaveCountAsync(63);
        string brvt = (await page.Locator("#tiles .tile[data-province='77'] b").InnerTextAsync()).Trim();
        Assert.EndsWith("%", brvt, StringComparison.Ordinal);

        await page.Locator("#tile-grouping").SelectOptionAsync("34");
        await Assertions.Expect(page.Locator("#tiles .tile")).ToHaveCountAsync(34);
        ILocator hcm = page.Locator("#tiles .tile[data-province='79']");
        await Assertions.Expect(hcm).ToContainTextAsync("Bà Rịa - Vũng Tàu");
        // Bà Rịa - Vũng Tàu is the only one of the three with BHYT figures: Hồ Chí Minh City shows its rate.
        await Assertions.Expect(hcm.Locator("b")).ToHaveTextAsync(brvt);
        await Assertions.Expect(page.Locator("#tiles .tile[data-province='19']")).ToContainTextAsync("Bắc Kạn");
        await Assertions.Expect(page.Locator("#tiles .tile[data-province='06']")).ToHaveCountAsync(0);
        await Shot(page, "operators-provinces-2025.png", "#map");
    }

    [Fact]
    public async Task Status_PopulationDbDown_StripComesFirstAndAWaitingJobSaysSo()
    {
        await using IBrowserContext context = await NewContextAsync(1366, 900);
        IPage page = await context.NewPageAsync();
        // What the gateway pushes while the population DB is in maintenance and a job waits for it.
        string snapshot = JsonSerializer.Serialize(new
        {
            statistics = Array.Empty<object>(),
            days = Array.Empty<object>(),
            jobs = new[]
            {
                new
                {
                    jobId = "job-waiting", status = "Running", sector = "BHXH", province = "06", policy = "tolerant", total = 1000, accepted = 1000, @checked = 400,
                    done = 400, rejected = 0, lines = 1000, ratePerSecond = 0.0, etaSeconds = 99.0, counts = new Dictionary<string, long> { ["MATCH"] = 400 },
                    waitingForUpstream = true, createdAt = TimeProvider.System.GetUtcNow().AddMinutes(-3), notCompared = Array.Empty<string>(),
                },
            },
            circuits = new Dictionary<string, string> { ["realtime"] = "Open", ["batch"] = "Open" },
            populationDb = new { reachable = false, answering = false, verificationAnswering = true, since = TimeProvider.System.GetUtcNow().AddMinutes(-4) },
            platform = (object?)null,
            seals = Array.Empty<object>(),
        });
        await page.RouteAsync("**/ops/api/stream", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/event-stream",
            Body = $"retry: 600000\nevent: snapshot\ndata: {snapshot}\n\n",
        }));
        await SignInAsync(page);
        await page.WaitForSelectorAsync("body[data-loaded=true]", new PageWaitForSelectorOptions { Timeout = 60_000 });

        await Assertions.Expect(page.Locator("#status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("alarm"));
        await Assertions.Expect(page.Locator("#st-popdb")).ToContainTextAsync("KHÔNG kết nối được");
        await Assertions.Expect(page.Locator("#st-waiting")).ToContainTextAsync("1 lô chờ CSDLQG");
        ILocator job = page.Locator("#jobs tr[data-job='job-waiting']");
        await Assertions.Expect(job.Locator("td.waiting")).ToHaveTextAsync("chờ CSDLQG");
        Assert.DoesNotContain("99 s", await job.InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(job.Locator("td").Nth(1)).ToHaveTextAsync("BHXH Bắc Kạn");
        // The first thing under the header: nothing sits above the strip.
        double stripTop = await page.Locator("#status").EvaluateAsync<double>("e => e.getBoundingClientRect().top");
        double mainTop = await page.Locator("main").EvaluateAsync<double>("e => e.getBoundingClientRect().top");
        Assert.True(stripTop < mainTop && stripTop < 120, $"strip at {stripTop}, main at {mainTop}");
        await Shot(page, "operators-upstream-down.png", fullPage: false);
    }

    [Fact]
    public async Task Session_PageOpen_RenewsTheCookieAndSaysPlainlyWhenItEnded()
    {
        await using IBrowserContext context = await NewContextAsync(1366, 900);
        IPage page = await OpenAsync(context);
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-session", "active");
        await Assertions.Expect(page.Locator("#session")).ToContainTextAsync("Phiên tự gia hạn");
        BrowserContextCookiesResult first = (await context.CookiesAsync()).Single(c => c.Name == "dean06_ops");

        // A renewal replaces the cookie with a fresh token (a new token id) that ends no earlier.
        Assert.True(await page.EvaluateAsync<bool>("() => window.DeAn06Ops.renew()"));
        BrowserContextCookiesResult renewed = (await context.CookiesAsync()).Single(c => c.Name == "dean06_ops");
        Assert.NotEqual(first.Value, renewed.Value);
        Assert.True(renewed.Expires >= first.Expires, $"the renewed cookie ends at {renewed.Expires}, before {first.Expires}");

        // Signed out elsewhere (the cookie is gone): the page says so instead of showing stale figures.
        await context.ClearCookiesAsync();
        Assert.False(await page.EvaluateAsync<bool>("() => window.DeAn06Ops.renew()"));
        await Assertions.Expect(page.Locator("#session-ended")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#session-ended")).ToContainTextAsync("Phiên đăng nhập đã kết thúc");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-session", "ended");
    }

    [Theory]
    [InlineData(390, 844, "vi", "operators-phone.png")]
    [InlineData(1366, 768, "en", "operators-view-en.png")]
    public async Task Layout_PhoneAndLaptopInBothLanguages_NoSidewaysScrollOfThePage(int width, int height, string language, string shot)
    {
        await EnsureFiguresAsync();
        await using IBrowserContext context = await NewContextAsync(width, height);
        IPage page = await OpenAsync(context);
        if (language == "en")
        {
            await page.Locator("#lang").ClickAsync();
            await Assertions.Expect(page.Locator("header h1")).ToHaveTextAsync("DeAn06 operations");
            await Assertions.Expect(page.Locator("tr[data-group='BHYT-77'] td").First).ToHaveTextAsync("BHYT Bà Rịa - Vũng Tàu");
        }

        await Assertions.Expect(page.Locator("#rate-chart svg")).ToBeVisibleAsync();
        int scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the page is {scrollWidth} px wide in a {width} px window");
        await Shot(page, shot, fullPage: width > 600); // the phone as a phone shows it: its first screen
        if (language == "en")
        {
            await page.Locator("#lang").ClickAsync(); // the next test starts in Vietnamese
        }
    }

    private Task<IBrowserContext> NewContextAsync(int width, int height) =>
        browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });

    private async Task<IPage> OpenAsync(IBrowserContext context)
    {
        IPage page = await context.NewPageAsync();
        await SignInAsync(page);
        await page.WaitForSelectorAsync("body[data-loaded=true]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        return page;
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync(new Uri(stack.Info.Gateway, "ops/login").ToString());
        await page.EvaluateAsync("() => localStorage.setItem('dean06.lang', 'vi')");
        await page.FillAsync("#client_id", "OPS");
        await page.FillAsync("#client_secret", stack.Info.Clients["OPS"].Secret);
        await page.ClickAsync("#signin");
    }

    private static async Task<int> SnapshotsAsync(IPage page) =>
        int.Parse(await page.Locator("body").GetAttributeAsync("data-snapshots") ?? "0", CultureInfo.InvariantCulture);

    private static async Task WaitForSnapshotsAsync(IPage page, int count) =>
        await page.WaitForFunctionAsync($"() => parseInt(document.body.dataset.snapshots || '0', 10) >= {count}", null, new PageWaitForFunctionOptions { Timeout = 60_000 });

    private static async Task<string[]> GroupRatesAsync(IPage page) =>
        (await page.Locator("#groups tbody td.rate").AllInnerTextsAsync()).Select(r => r.Replace(",", ".", StringComparison.Ordinal).PadLeft(10)).ToArray();

    private static string VietnameseFormat(int n) => DeAn06.Contracts.Reports.VietnameseFormat.Count(n);

    private async Task EnsureFiguresAsync()
    {
        using DeAn06Client ops = stack.Info.Connect(stack.Info.Clients["OPS"]);
        string json = await ops.GetStatisticsAsync("json", new Dictionary<string, string> { ["sector"] = "BHYT", ["province"] = "77" });
        if (JsonDocument.Parse(json).RootElement.GetArrayLength() == 0)
        {
            CliResult r = await stack.RunAsync("scenario", "run", "brvt-bhyt-2024-05", "--scale", "500");
            Assert.True(r.ExitCode == 0, r.ToString());
        }
    }

    private string Line(int index)
    {
        var c = stack.Living(index);
        string born = c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        return string.Join(',', $"A{index}", c.Id.ToString("D12", CultureInfo.InvariantCulture), c.FullName, born, c.IsMale ? "Nam" : "Nữ");
    }

    private long LastLogEntry()
    {
        using var c = new SqliteConnection($"Data Source={stack.Info.MessageLogPath};Mode=ReadOnly;Pooling=false");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM message_log";
        return (long)cmd.ExecuteScalar()!;
    }

    private long LogEntriesSince(long seq, string pathLike)
    {
        using var c = new SqliteConnection($"Data Source={stack.Info.MessageLogPath};Mode=ReadOnly;Pooling=false");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM message_log WHERE seq > $seq AND path LIKE $path";
        cmd.Parameters.AddWithValue("$seq", seq);
        cmd.Parameters.AddWithValue("$path", pathLike);
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Waits until the message log stops growing for a moment (its group commit has written what was answered).</summary>
    private async Task WaitForLogToSettleAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long last = -1, now = LastLogEntry();
        while (now != last && watch.Elapsed < Deadline)
        {
            last = now;
            await Task.Delay(1000);
            now = LastLogEntry();
        }
    }

    private static async Task Shot(IPage page, string name, string? selector = null, bool fullPage = true)
    {
        if (Environment.GetEnvironmentVariable("DEAN06_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        if (selector is null)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = fullPage });
        }
        else
        {
            await page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, name) });
        }
    }
}
