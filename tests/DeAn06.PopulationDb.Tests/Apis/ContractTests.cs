using System.Text.Json;
using DeAn06.PopulationDb.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.PopulationDb.Tests.Apis;

/// <summary>contracts/population-db.openapi.json documents exactly the endpoints the simulator maps.</summary>
public sealed class ContractTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    [Fact]
    public void OpenApi_ListsEveryMappedEndpointAndNoOther()
    {
        using JsonDocument contract = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contracts", "population-db.openapi.json")));
        Assert.StartsWith("3.1", contract.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var documented = contract.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order().ToArray();

        _ = factory.CreateClient();
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order().ToArray();

        Assert.Equal(mapped, documented);
    }
}
