using System.Text.Json;
using DeAn06.Verification.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Verification.Tests.Apis;

[Collection(StackCollection.Name)]
public sealed class ContractTests(StackFixture stack)
{
    [Fact]
    public async Task OpenApi_ListsEveryMappedEndpointAndNoOther()
    {
        using JsonDocument contract = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contracts", "verification.openapi.json")));
        var documented = contract.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order().ToArray();

        await using var service = stack.CreateService();
        _ = service.CreateClient();
        var mapped = service.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order().ToArray();
        Assert.Equal(mapped, documented);
    }

    [Fact]
    public void RecordSchema_NamesExactlyTheFieldsTheServiceAccepts()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contracts", "verification-record.schema.json")));
        string[] fields = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToArray();
        string[] accepted = typeof(DeAn06.Contracts.VerificationRecord).GetProperties().Select(p => p.Name).Order().ToArray();
        Assert.Equal(accepted, fields);
    }
}
