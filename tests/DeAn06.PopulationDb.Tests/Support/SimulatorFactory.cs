using System.Net.Http.Json;
using System.Text.Json;
using DeAn06.PopulationDb.Population;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.PopulationDb.Tests.Support;

/// <summary>The simulator in-process with a small population (30,000 citizens, seed 42).</summary>
public sealed class SimulatorFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key";

    public CitizenStore Store => Services.GetRequiredService<PopulationHolder>().WhenReady.GetAwaiter().GetResult();

    public HttpClient ReadyClient()
    {
        HttpClient client = CreateClient();
        _ = Store;
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Population:Size", "30000");
        builder.UseSetting("Population:Seed", "42");
        builder.UseSetting("Admin:Key", AdminKey);
    }
}

internal static class HttpAssert
{
    /// <summary>Asserts a problem+json response with the status and code, and returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status, string code)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()), "a problem must say what to do");
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return json;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>QCVN 109 names are PascalCase and case-sensitive: serialise member names as written.</summary>
    private static readonly JsonSerializerOptions AsWritten = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task<HttpResponseMessage> PostAsJson<T>(this HttpClient client, string path, T value) =>
        client.PostAsJsonAsync(path, value, AsWritten);
}
