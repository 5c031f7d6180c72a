using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing.Contracts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Gateway.Tests.Contracts;

/// <summary>
/// contracts/gateway.openapi.json is the document the gateway generates and serves (its own endpoints
/// from their metadata, the public API from the YARP routes and the upstream services' contracts):
/// the committed file must equal it, and these tests hold it to the gateway's configuration and code.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed partial class GatewayContractTests(GatewayFixture fixture)
{
    private static readonly JsonObject Contract = JsonNode.Parse(File.ReadAllText(CommittedContract.PathOf("gateway.openapi.json")))!.AsObject();

    [Fact]
    public async Task OpenApi_CommittedContractEqualsTheServedDocument()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway();
        using HttpClient client = gateway.CreateClient(); // no token: the document is public
        string generated = await client.GetStringAsync(OpenApiExtensions.DocumentPath);

        Assert.Null(CommittedContract.Compare("gateway.openapi.json", generated));
    }

    [Fact]
    public async Task OpenApi_ListsEveryGatewayEndpointButTheOperatorsPage()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway();
        _ = gateway.CreateClient();
        string[] mapped = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Yarp.ReverseProxy.Model.RouteModel>() is null && !e.RoutePattern.RawText!.StartsWith("/ops", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order(StringComparer.Ordinal).ToArray();
        string[] documented = Operations().Where(o => o.Route is null).Select(o => $"{o.Method} {o.Path}").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(mapped, documented);
    }

    [Fact]
    public void Contract_RelaysTheUpstreamOperationsWithTheirSchemas()
    {
        JsonObject verification = JsonNode.Parse(File.ReadAllText(CommittedContract.PathOf("verification.openapi.json")))!.AsObject();
        JsonNode verify = Contract["paths"]!["/api/v1/verify/many"]!["post"]!;

        // The service's body, by its schema (copied), and the service's problems beside the gateway's.
        Assert.Equal("#/components/schemas/VerifyManyRequest", verify["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(verification["components"]!["schemas"]!["VerifyManyRequest"], Contract["components"]!["schemas"]!["VerifyManyRequest"]));
        Assert.Equal(verification["components"]!["schemas"]!["ProblemDetails"]!["properties"]!["code"]!["enum"]!.ToJsonString(),
            Contract["components"]!["schemas"]!["VerificationProblemDetails"]!["properties"]!["code"]!["enum"]!.ToJsonString());
        Assert.Contains("VerificationProblemDetails", verify["responses"]!["400"]!.ToJsonString(), StringComparison.Ordinal);
        // What the gateway sets is not the client's to send.
        Assert.DoesNotContain(verify["parameters"]!.AsArray(), p => p?["name"]?.GetValue<string>().StartsWith("X-DeAn06-", StringComparison.Ordinal) == true
            && p["name"]!.GetValue<string>() != DeAn06.Gateway.Signing.SignatureOptions.Header);
        // The operators' page is not part of the public contract.
        Assert.DoesNotContain(Contract["paths"]!.AsObject(), p => p.Key.StartsWith("/ops", StringComparison.Ordinal));
        Assert.Equal(["/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/errors", "/api/v1/jobs/{id}/results", "/api/v1/jobs/{id}/summary", "/api/v1/statistics", "/api/v1/verify", "/api/v1/verify/many"],
            Contract["paths"]!.AsObject().Select(p => p.Key).Where(p => p.StartsWith("/api/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("/ndxp/v1/dancu/TraCuuThongTinCongDan", Contract["paths"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Contract_ListsEveryYarpRouteWithItsPathsAndMethods()
    {
        string settings = Path.Combine(Path.GetDirectoryName(CommittedContract.PathOf("x"))!, "..", "src", "DeAn06.Gateway", "appsettings.json");
        JsonObject routes = JsonNode.Parse(File.ReadAllText(settings))!["ReverseProxy"]!["Routes"]!.AsObject();
        var operations = Operations().ToList();

        Assert.Equal(routes.Select(r => r.Key).Order(), operations.Select(o => o.Route).OfType<string>().Distinct().Order());
        foreach (var (id, route) in routes)
        {
            Regex match = Template(route!["Match"]!["Path"]!.GetValue<string>());
            string[]? methods = route["Match"]!["Methods"]?.AsArray().Select(m => m!.GetValue<string>()).ToArray();
            foreach (var operation in operations.Where(o => o.Route == id))
            {
                Assert.True(match.IsMatch(Example(operation.Path)), $"{operation.Method} {operation.Path} is not a path of route '{id}' ({route["Match"]!["Path"]})");
                Assert.True(methods is null || methods.Contains(operation.Method), $"route '{id}' does not take {operation.Method} ({string.Join(", ", methods ?? [])})");
            }
        }
    }

    [Fact]
    public void Contract_ListsTheTokenEndpointAndJwks()
    {
        var operations = Operations().Select(o => $"{o.Method} {o.Path}").ToList();

        Assert.Contains("POST /connect/token", operations);
        Assert.Contains("GET /.well-known/jwks.json", operations);
    }

    [Fact]
    public void Contract_ProblemCodesAreExactlyTheGatewayAndCommonErrorCodes()
    {
        string[] expected = ErrorCodes.Of(typeof(DeAn06.Gateway.Errors.ErrorCode)).Union(ErrorCodes.Of(typeof(CommonErrorCode))).Order(StringComparer.Ordinal).ToArray();
        string[] listed = Contract["components"]!["schemas"]!["ProblemDetails"]!["properties"]!["code"]!["enum"]!.AsArray().Select(c => c!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, listed);
    }

    [Fact]
    public void Contract_StatesTheSignatureHeaderOnSignedRequestsAndAnswers()
    {
        Assert.Equal(DeAn06.Gateway.Signing.SignatureOptions.Header, Contract["components"]!["parameters"]!["Signature"]!["name"]!.GetValue<string>());
        foreach (var operation in Operations().Where(o => o.Route is not null && o.Method is "POST"))
        {
            Assert.Contains(operation.Node["parameters"]!.AsArray(), p => p?["$ref"]?.GetValue<string>() == "#/components/parameters/Signature");
        }
    }

    [Fact]
    public void Contract_EveryRefResolvesInsideTheDocument()
    {
        foreach (Match reference in RefPattern().Matches(Contract.ToJsonString()))
        {
            string[] parts = reference.Groups[1].Value.Split('/');
            Assert.True(Contract["components"]?[parts[0]]?[parts[1]] is not null, $"dangling $ref #/components/{reference.Groups[1].Value}");
        }
    }

    private static IEnumerable<(string Path, string Method, string? Route, JsonObject Node)> Operations() =>
        Contract["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Select(m => (p.Key, m.Key.ToUpperInvariant(), m.Value!["x-yarp-route"]?.GetValue<string>(), m.Value!.AsObject())));

    /// <summary>A YARP route template as a regex: {**rest} any tail, {name} or {name:constraint} one segment.</summary>
    private static Regex Template(string template) =>
        new("^" + Regex.Replace(Regex.Replace(template, @"/\{\*\*[^}]+\}", "(/.*)?"), @"\{[^}/]+(\([^)]*\))?[^}/]*\}", "[^/]+") + "$");

    /// <summary>An OpenAPI path with its parameters filled in; a job part parameter becomes one the route's constraint names.</summary>
    private static string Example(string path) => ParameterPattern().Replace(path, "x");

    [GeneratedRegex("\"\\$ref\":\"#/components/([^\"]+)\"")]
    private static partial Regex RefPattern();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex ParameterPattern();
}
