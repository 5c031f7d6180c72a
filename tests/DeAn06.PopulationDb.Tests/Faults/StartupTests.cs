using DeAn06.PopulationDb.Tests.Support;
using DeAn06.Testing;

namespace DeAn06.PopulationDb.Tests.Faults;

public sealed class StartupTests
{
    [Fact]
    public async Task FaultsFromConfiguration_AppliedFromTheFirstCall()
    {
        await using ServiceProcess service = await ServiceProcess.StartAsync("DeAn06.PopulationDb", ["--Population:Size=5000", "--Faults:ThrottleRate=1", "--Faults:ThrottleRetryAfterSeconds=3"]);
        using HttpClient client = service.CreateClient();
        HttpResponseMessage response = await client.PostJsonAsync("/api/v1/TraCuuThongTinCongDan", """{"SoDinhDanh":"001082307521"}""");
        await HttpAssert.ProblemAsync(response, 429, "THROTTLED");
    }

    [Fact]
    public async Task InvalidSettings_ProcessRefusesToStartNamingEachSetting()
    {
        await using ServiceProcess service = ServiceProcess.Launch("DeAn06.PopulationDb", ["--urls", "http://127.0.0.1:0", "--Population:Size=0", "--Faults:ErrorRate=3"]);
        Assert.True(await service.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the process should exit by itself");
        Assert.NotEqual(0, service.ExitCode);
        Assert.Contains("Size", service.Output, StringComparison.Ordinal);
        Assert.Contains("ErrorRate", service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminKeyNotConfigured_AdminApiOff()
    {
        await using var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>();
        using HttpClient client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/faults") { Headers = { { "X-Admin-Key", "" } } };
        var problem = await HttpAssert.ProblemAsync(await client.SendAsync(request), 403, "ADMIN_FORBIDDEN");
        Assert.Contains("Admin:Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
