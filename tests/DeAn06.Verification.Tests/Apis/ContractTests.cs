using System.Text.Json;
using System.Text.RegularExpressions;
using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using DeAn06.Testing.Contracts;
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
    public async Task OpenApi_CommittedContractEqualsTheServedDocument()
    {
        await using var service = stack.CreateService();
        using HttpClient client = service.CreateClient();
        string generated = await client.GetStringAsync(OpenApiExtensions.DocumentPath);

        Assert.Null(CommittedContract.Compare("verification.openapi.json", generated));
    }

    [Fact]
    public void OpenApi_ProblemCodesAreExactlyTheServiceAndCommonErrorCodes()
    {
        string[] expected = ErrorCodes.Of(typeof(DeAn06.Verification.Errors.ErrorCode)).Union(ErrorCodes.Of(typeof(CommonErrorCode))).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, ContractValidator.Load("verification.openapi.json").ProblemCodes.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void OpenApi_StatesTheRulesAsSchema()
    {
        using JsonDocument contract = JsonDocument.Parse(File.ReadAllText(CommittedContract.PathOf("verification.openapi.json")));
        JsonElement schemas = contract.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Equal(DeAn06.Verification.Apis.VerificationApi.MaxRecordsPerCall,
            schemas.GetProperty("VerifyManyRequest").GetProperty("properties").GetProperty("Records").GetProperty("maxItems").GetInt32());
        Assert.Equal(["DECEASED", "INVALID_ID", "MATCH", "MISMATCH", "MISSING_ID", "NOT_FOUND", "REJECTED", "UPSTREAM_UNAVAILABLE"],
            schemas.GetProperty("VerificationResult").GetProperty("properties").GetProperty("verdict").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal(7, schemas.GetProperty("FieldResult").GetProperty("properties").GetProperty("level").GetProperty("enum").GetArrayLength());
        Assert.Contains("dd/MM/yyyy", schemas.GetProperty("VerificationRecord").GetProperty("properties").GetProperty("NgayThangNamSinh").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("yyyyMMdd", schemas.GetProperty("VerificationRecord").GetProperty("properties").GetProperty("NgayThangNamSinh").GetProperty("description").GetString(), StringComparison.Ordinal);
        // Every $ref resolves inside the document: no file beside it is needed to read it.
        foreach (Match reference in Regex.Matches(contract.RootElement.GetRawText(), "\"\\$ref\"\\s*:\\s*\"([^\"]*)\""))
        {
            string target = reference.Groups[1].Value;
            Assert.StartsWith("#/components/schemas/", target, StringComparison.Ordinal);
            Assert.True(schemas.TryGetProperty(target["#/components/schemas/".Length..], out _), $"dangling $ref {target}");
        }
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
