using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeAn06.Cli.Stack;
using DeAn06.Cli.Tests.Support;
using DeAn06.Client;
using DeAn06.Contracts;
using DeAn06.Testing;

namespace DeAn06.Cli.Tests.Stack;

/// <summary>'dean06 up --faults' as an integrator runs it: the printed admin key opens the simulator's admin API.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // reads /proc
public sealed partial class UpFaultsTests
{
    // Bắc Kạn (006), digit 4 = 1: a woman born in the 1900s, digits 5–6 = 91: born 1991.
    private const string Id = "006191000123";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dean06-tests", "faults-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task UpFaults_PrintsAdminKey_SimulatorAcceptsIt_AddedCitizenVerifiesMatchThroughTheChain()
    {
        string portBase = StackFixture.FreePortBase().ToString(CultureInfo.InvariantCulture);
        await using ServiceProcess up = ServiceProcess.Launch("dean06", ["up", "--faults", "--data", _data, "--port-base", portBase, "--size", "1000"]);
        await UntilAsync(() => up.Output.Contains("Running.", StringComparison.Ordinal), up, TimeSpan.FromSeconds(180));

        string key = KeyRegex().Match(up.Output).Groups[1].Value;
        Assert.StartsWith("popdb-", key, StringComparison.Ordinal);
        StackInfo info = StackInfo.Load(_data)!;
        Assert.Contains($"{info.PopulationDb}admin/", up.Output, StringComparison.Ordinal);
        AssertOnNoCommandLine(key);

        using var http = new HttpClient { BaseAddress = info.PopulationDb, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("admin/journal")).StatusCode);
        http.DefaultRequestHeaders.Add("X-Admin-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("admin/journal")).StatusCode);

        // A citizen of the integrator's own, then verified by a sector system through the gateway and the verification service.
        HttpResponseMessage added = await http.PostAsync("admin/citizens", new StringContent(
            """{"SoDinhDanh":"006191000123","HoVaTen":{"Ho":"Hoàng","ChuDem":"Thị","Ten":"Mai"},"GioiTinh":"2","NgayThangNamSinh":"19910305"}""",
            Encoding.UTF8, "application/json"));
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        using (DeAn06Client client = info.Connect(info.Clients["BHXH"]))
        {
            VerificationResponse answer = await client.VerifyAsync(new VerificationRecord(Id, null, "Hoàng Thị Mai", "05/03/1991", "Nữ"));
            Assert.Equal(Verdicts.Match, answer.Result.Verdict);
        }

        // The journal saw the verification service's call, masked.
        string journal = await http.GetStringAsync("admin/journal?last=10");
        Assert.Contains("006*******23", journal, StringComparison.Ordinal);
        Assert.DoesNotContain(Id, journal, StringComparison.Ordinal);

        // Ctrl+C (SIGTERM) stops all three.
        using (Process.Start(new ProcessStartInfo("kill", ["-TERM", up.ProcessId.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!) { }
        Assert.True(await up.WaitForExitAsync(TimeSpan.FromSeconds(60)), up.Output);
    }

    [Fact]
    public async Task UpWithoutFaults_SimulatorAdminApiOff()
    {
        string portBase = StackFixture.FreePortBase().ToString(CultureInfo.InvariantCulture);
        await using ServiceProcess up = ServiceProcess.Launch("dean06", ["up", "--data", _data, "--port-base", portBase, "--size", "1000"]);
        await UntilAsync(() => up.Output.Contains("Running.", StringComparison.Ordinal), up, TimeSpan.FromSeconds(180));

        Assert.DoesNotContain("X-Admin-Key", up.Output, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = StackInfo.Load(_data)!.PopulationDb, Timeout = TimeSpan.FromSeconds(30) };
        using HttpResponseMessage response = await http.GetAsync("admin/journal");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("ADMIN_FORBIDDEN", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    private static void AssertOnNoCommandLine(string key)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (IOException)
            {
                continue; // gone meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            Assert.DoesNotContain(key, commandLine, StringComparison.Ordinal);
        }
    }

    private static async Task UntilAsync(Func<bool> condition, ServiceProcess process, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited || watch.Elapsed > timeout)
            {
                throw new Xunit.Sdk.XunitException($"dean06 up did not start:\n{process.Output}");
            }

            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"X-Admin-Key:\s+(popdb-[0-9a-f]{32})")]
    private static partial Regex KeyRegex();
}
