using System.Globalization;
using System.Text.Json;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using DeAn06.PopulationDb.Tests.Support;
using DeAn06.Testing;

namespace DeAn06.PopulationDb.Tests.Admin;

/// <summary>The simulator as a process (20,000 citizens, seed 5, a journal of 5 calls), with admin helpers.</summary>
public sealed class AdminFixture : IAsyncLifetime
{
    public const string Key = "admin-tests-key";
    public const int JournalCapacity = 5;

    public ServiceProcess Service { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public CitizenStore Population { get; } = PopulationGenerator.Generate(5, 20_000, new DateOnly(2024, 7, 1));

    public string IdAt(int index) => Population[index].Id.ToString("D12", CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        // The key through the environment, as 'dean06 up --faults' passes it.
        Service = await ServiceProcess.StartAsync("DeAn06.PopulationDb", ["--Population:Size=20000", "--Population:Seed=5", $"--Journal:Capacity={JournalCapacity}"],
            environment: new Dictionary<string, string> { ["Admin__Key"] = Key });
        Client = Service.CreateClient(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Service.DisposeAsync();
    }

    /// <summary>No rules, no runtime citizens from an earlier test, an empty journal.</summary>
    public async Task ResetAsync()
    {
        Assert.Equal(204, (int)(await AdminAsync(HttpMethod.Delete, "/admin/rules")).StatusCode);
        Assert.Equal(204, (int)(await AdminAsync(HttpMethod.Delete, "/admin/journal")).StatusCode);
    }

    public Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, object? body = null, string? key = Key)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add("X-Admin-Key", key);
        }

        return Client.SendAsync(request);
    }

    public async Task<string> AddRuleAsync(object rule)
    {
        HttpResponseMessage response = await AdminAsync(HttpMethod.Post, "/admin/rules", rule);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    public Task<HttpResponseMessage> LookupAsync(string id) => Client.PostJsonAsync("/api/v1/TraCuuThongTinCongDan", $$"""{"SoDinhDanh":"{{id}}"}""");

    public Task<HttpResponseMessage> BulkAsync(params string[] ids) =>
        Client.PostJsonAsync("/api/v1/TraCuuThongTinCongDan/bulk", JsonSerializer.Serialize(new { SoDinhDanh = ids }));
}
