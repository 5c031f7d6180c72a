using System.Text.Json;
using DeAn06.PopulationDb.Tests.Support;
using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using DeAn06.Testing.Contracts;
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

    [Fact]
    public async Task OpenApi_CommittedContractEqualsTheServedDocument()
    {
        using HttpClient client = factory.CreateClient();
        string generated = await client.GetStringAsync(OpenApiExtensions.DocumentPath);

        Assert.Null(CommittedContract.Compare("population-db.openapi.json", generated));
    }

    [Fact]
    public void OpenApi_ProblemCodesAreExactlyTheSimulatorAndCommonErrorCodes()
    {
        string[] expected = ErrorCodes.Of(typeof(DeAn06.PopulationDb.Errors.ErrorCode)).Union(ErrorCodes.Of(typeof(CommonErrorCode))).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, ContractValidator.Load("population-db.openapi.json").ProblemCodes.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void OpenApi_StatesThePopulationDbFormatsAsSchema()
    {
        using JsonDocument contract = JsonDocument.Parse(File.ReadAllText(CommittedContract.PathOf("population-db.openapi.json")));
        JsonElement schemas = contract.RootElement.GetProperty("components").GetProperty("schemas");
        JsonElement citizen = schemas.GetProperty("CongDan").GetProperty("properties");
        Assert.Equal(["0", "1", "2"], citizen.GetProperty("GioiTinh").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("^[0-9]{8}$", schemas.GetProperty("NgayThangNamSinh").GetProperty("properties").GetProperty("NgayThangNam").GetProperty("pattern").GetString());
        Assert.Equal(2, schemas.GetProperty("LookupRequest").GetProperty("oneOf").GetArrayLength());
        Assert.Equal(DeAn06.PopulationDb.Apis.CitizenApi.MaxBulkIds,
            schemas.GetProperty("BulkLookupRequest").GetProperty("properties").GetProperty("SoDinhDanh").GetProperty("maxItems").GetInt32());
    }
}
