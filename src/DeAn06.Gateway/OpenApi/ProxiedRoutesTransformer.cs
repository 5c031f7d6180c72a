using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeAn06.Gateway.Errors;
using DeAn06.Gateway.Routing;
using DeAn06.Gateway.Signing;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Yarp.ReverseProxy.Configuration;

namespace DeAn06.Gateway.OpenApi;

/// <summary>
/// The public API in the gateway's document, from the YARP configuration: every operation of an
/// upstream service's contract (the cluster's <c>Contract</c> metadata names the committed
/// contracts/*.openapi.json embedded in the gateway) that one of the cluster's routes relays is added
/// at the path a client calls (the route's <c>Match</c>, reversing a <c>PathPattern</c> transform),
/// with the service's bodies, parameters and answers, and what the gateway adds: the bearer token, the
/// request signature, the gateway's own problem answers, the answer's signature and request id. The
/// identity headers the gateway sets (X-DeAn06-*) are not the client's to send and are dropped, and so is the
/// service's 401, which answers only callers that bypass the gateway. Where two routes match an operation the one
/// ASP.NET routing would choose wins (Order, then precedence). The services' schemas are copied under their names;
/// a name the gateway already uses (ProblemDetails) takes the cluster's name as a prefix.
/// </summary>
internal sealed partial class ProxiedRoutesTransformer(IProxyConfigProvider proxy) : IOpenApiDocumentTransformer
{
    /// <summary>The cluster metadata key naming the upstream's contract file.</summary>
    public const string ContractMetadata = "Contract";

    private const string SchemaRef = "#/components/schemas/";
    private static readonly string[] BodyMethods = ["post", "put", "patch"];
    private static readonly ConcurrentDictionary<string, JsonObject> Contracts = new(StringComparer.Ordinal);
    private static readonly OpenApiReaderSettings Reading = new() { RuleSet = ValidationRuleSet.GetEmptyRuleSet() };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        IProxyConfig config = proxy.GetConfig();
        var routes = config.Routes.Select(r => new Route(r, RoutePatternFactory.Parse(r.Match.Path ?? "/{**catchall}"), Transform(r))).ToList();
        document.Paths ??= [];
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (ClusterConfig cluster in config.Clusters.OrderBy(c => c.ClusterId, StringComparer.Ordinal))
        {
            if (cluster.Metadata?.GetValueOrDefault(ContractMetadata) is not { } file)
            {
                continue;
            }

            JsonObject upstream = Contracts.GetOrAdd(file, Load);
            string prefix = Pascal(cluster.ClusterId);
            var renames = (upstream["components"]?["schemas"]?.AsObject() ?? []).Select(s => s.Key)
                .Where(name => document.Components?.Schemas?.ContainsKey(name) == true)
                .ToDictionary(name => name, name => prefix + name, StringComparer.Ordinal);
            string upstreamProblem = renames.GetValueOrDefault("ProblemDetails", "ProblemDetails");
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, item) in upstream["paths"]!.AsObject())
            {
                foreach (var (method, operation) in item!.AsObject())
                {
                    if (Relay(routes, cluster.ClusterId, path, method) is not var (route, publicPath))
                    {
                        continue;
                    }

                    JsonObject relayed = Relayed(operation!.AsObject(), route.Config, method, upstreamProblem, renames);
                    used.UnionWith(References(relayed));
                    OpenApiOperation parsed = Parse<OpenApiOperation>(relayed, document);
                    if (!document.Paths.TryGetValue(publicPath, out IOpenApiPathItem? pathItem))
                    {
                        pathItem = new OpenApiPathItem();
                        document.Paths[publicPath] = pathItem;
                    }

                    var concrete = (OpenApiPathItem)pathItem;
                    concrete.Operations ??= [];
                    concrete.Operations[HttpMethod.Parse(method)] = parsed;
                    foreach (JsonNode? tag in relayed["tags"]?.AsArray() ?? [])
                    {
                        string name = tag!.GetValue<string>();
                        if (!document.Tags.Any(t => t.Name == name))
                        {
                            document.Tags.Add(new OpenApiTag { Name = name });
                        }
                    }
                }
            }

            CopySchemas(upstream, renames, used, document);
        }

        return Task.CompletedTask;
    }

    /// <summary>The route that relays <paramref name="method"/> <paramref name="upstreamPath"/> to the cluster, and the path a client calls, or null.</summary>
    private static (Route, string)? Relay(List<Route> routes, string clusterId, string upstreamPath, string method)
    {
        string[] upstreamSegments = Segments(upstreamPath);
        foreach (Route route in routes.Where(r => r.Config.ClusterId == clusterId && Allows(r.Config, method)))
        {
            string? publicPath = route.PathPattern is null
                ? upstreamPath
                : Match(route.PathPattern, upstreamSegments) is { } values ? Fill(route.Pattern, values) : null;
            if (publicPath is null || Match(route.Pattern, Segments(publicPath)) is null)
            {
                continue;
            }

            // The route ASP.NET routing would pick for this path and method among all of them.
            Route chosen = routes.Where(r => Allows(r.Config, method) && Match(r.Pattern, Segments(publicPath)) is not null)
                .OrderBy(r => r.Config.Order ?? 0).ThenBy(r => Precedence(r.Pattern)).First();
            if (chosen == route)
            {
                return (route, publicPath);
            }
        }

        return null;
    }

    /// <summary>The upstream operation as the gateway offers it.</summary>
    private static JsonObject Relayed(JsonObject operation, RouteConfig route, string method, string upstreamProblem, Dictionary<string, string> renames)
    {
        string text = operation.ToJsonString();
        foreach (var (from, to) in renames)
        {
            text = text.Replace($"\"{SchemaRef}{from}\"", $"\"{SchemaRef}{to}\"", StringComparison.Ordinal);
        }

        var relayed = JsonNode.Parse(text)!.AsObject();
        relayed["x-yarp-route"] = route.RouteId;
        relayed["security"] = new JsonArray(new JsonObject { [GatewayOpenApi.BearerScheme] = new JsonArray() });
        bool body = BodyMethods.Contains(method);
        var parameters = new JsonArray();
        if (body)
        {
            parameters.Add(new JsonObject { ["$ref"] = "#/components/parameters/" + GatewayOpenApi.SignatureComponent });
        }

        foreach (JsonNode? parameter in relayed["parameters"]?.AsArray() ?? [])
        {
            // The identity headers are the gateway's to set; a client's are dropped before forwarding.
            if (parameter?["in"]?.GetValue<string>() == "header" && parameter["name"]?.GetValue<string>().StartsWith(UpstreamHeaders.Prefix, StringComparison.OrdinalIgnoreCase) == true)
            {
                continue;
            }

            parameters.Add(parameter!.DeepClone());
        }

        relayed["parameters"] = parameters;
        JsonObject responses = relayed["responses"]?.AsObject() ?? [];
        responses.Remove("401");
        bool signed = route.Metadata?.GetValueOrDefault(RouteMetadata.SignResponse) != "false";
        foreach (var (status, response) in responses)
        {
            if (status.StartsWith('2') && response is JsonObject success)
            {
                var headers = new JsonObject();
                if (signed)
                {
                    headers[SignatureOptions.Header] = new JsonObject { ["$ref"] = "#/components/headers/" + GatewayOpenApi.SignatureComponent };
                }

                headers[RequestIdMiddleware.Header] = new JsonObject { ["$ref"] = "#/components/headers/" + GatewayOpenApi.RequestIdComponent };
                success["headers"] = headers;
                if (signed)
                {
                    success["description"] = success["description"]?.GetValue<string>() + $"; signed by the gateway ({SignatureOptions.Header} over the exact body bytes).";
                }
            }
        }

        foreach (var (status, description) in GatewayAnswers(body))
        {
            if (responses[status] is JsonObject upstream)
            {
                // Either side may answer this status: the gateway with its codes, the service with its own.
                upstream["description"] = $"{description} Relayed from the service: {upstream["description"]?.GetValue<string>()}";
                if (upstream["content"]?["application/problem+json"] is JsonObject problem)
                {
                    problem["schema"] = new JsonObject
                    {
                        ["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = SchemaRef + "ProblemDetails" }, new JsonObject { ["$ref"] = SchemaRef + upstreamProblem }),
                    };
                }
            }
            else
            {
                responses[status] = new JsonObject
                {
                    ["description"] = description,
                    ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = SchemaRef + "ProblemDetails" } } },
                };
            }
        }

        relayed["responses"] = new JsonObject(responses.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => KeyValuePair.Create(r.Key, r.Value?.DeepClone())));
        return relayed;
    }

    /// <summary>What the gateway itself may answer on a relayed operation.</summary>
    private static IEnumerable<(string Status, string Description)> GatewayAnswers(bool body)
    {
        yield return ("400", body
            ? $"{ErrorCode.SignatureMissing} or {ErrorCode.SignatureInvalid} (the request's {SignatureOptions.Header}), {ErrorCode.UpgradeNotSupported}, {ErrorCode.BodyIncomplete}, {ErrorCode.BodyTimeout}."
            : $"{ErrorCode.UpgradeNotSupported}.");
        yield return ("401", $"{ErrorCode.TokenMissing} or {ErrorCode.TokenInvalid}: send a valid bearer token from /connect/token.");
        yield return ("403", $"{ErrorCode.AccessDenied}: the client is not granted this service.");
        if (body)
        {
            yield return ("413", $"{ErrorCode.BodyTooLarge}: too large to sign.");
        }

        yield return ("429", $"{ErrorCode.RateLimited} (this client), {ErrorCode.Overloaded} (the platform) or {ErrorCode.QuotaExceeded} (daily batch quota); honour Retry-After.");
        yield return ("502", $"{ErrorCode.UpstreamUnavailable}: the service behind the gateway could not be reached.");
        yield return ("503", $"{ErrorCode.MessageLogUnavailable}: the exchange cannot be logged, so it is not relayed.");
        yield return ("504", $"{ErrorCode.UpstreamUnavailable}: the service behind the gateway did not answer in time.");
    }

    /// <summary>The upstream schemas the relayed operations use (and those they use), under their names in the gateway's document.</summary>
    private static void CopySchemas(JsonObject upstream, Dictionary<string, string> renames, HashSet<string> used, OpenApiDocument document)
    {
        var byName = (upstream["components"]?["schemas"]?.AsObject() ?? []).ToDictionary(s => renames.GetValueOrDefault(s.Key, s.Key), s => s.Value!, StringComparer.Ordinal);
        var pending = new Queue<string>(used);
        var copied = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        while (pending.TryDequeue(out string? name))
        {
            if (copied.ContainsKey(name) || !byName.TryGetValue(name, out JsonNode? schema))
            {
                continue;
            }

            string text = schema.ToJsonString();
            foreach (var (from, to) in renames)
            {
                text = text.Replace($"\"{SchemaRef}{from}\"", $"\"{SchemaRef}{to}\"", StringComparison.Ordinal);
            }

            JsonObject renamed = JsonNode.Parse(text)!.AsObject();
            copied[name] = renamed;
            foreach (string reference in References(renamed))
            {
                pending.Enqueue(reference);
            }
        }

        document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, schema) in copied)
        {
            document.Components.Schemas.TryAdd(name, Parse<OpenApiSchema>(schema, document));
        }
    }

    private static IEnumerable<string> References(JsonNode node) =>
        RefPattern().Matches(node.ToJsonString()).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);

    private static T Parse<T>(JsonObject fragment, OpenApiDocument document)
        where T : IOpenApiElement
    {
        // Read, not validated: a lone operation's rules need the path it is added under (the reader still reports
        // its path parameters as undeclared, which they are not once it is under its path).
        T? element = OpenApiModelFactory.Parse<T>(fragment.ToJsonString(), OpenApiSpecVersion.OpenApi3_1, document, out OpenApiDiagnostic diagnostic, "json", Reading);
        var errors = diagnostic.Errors.Where(e => !e.Message.StartsWith("Declared path parameter", StringComparison.Ordinal)).ToList();
        if (element is null || errors.Count > 0)
        {
            throw new InvalidOperationException($"An upstream contract's {typeof(T).Name} could not be read: {string.Join("; ", errors.Select(e => e.Message))}");
        }

        return element;
    }

    private static JsonObject Load(string file)
    {
        using Stream stream = typeof(ProxiedRoutesTransformer).Assembly.GetManifestResourceStream("contracts/" + file)
            ?? throw new InvalidOperationException($"The gateway embeds no upstream contract '{file}' (cluster metadata '{ContractMetadata}').");
        return JsonNode.Parse(stream)!.AsObject();
    }

    private static bool Allows(RouteConfig route, string method) =>
        route.Match.Methods is not { Count: > 0 } methods || methods.Contains(method, StringComparer.OrdinalIgnoreCase);

    /// <summary>A route's PathPattern transform (what the upstream is called with), or null when the path is forwarded as it is.</summary>
    private static RoutePattern? Transform(RouteConfig route)
    {
        foreach (IReadOnlyDictionary<string, string> transform in route.Transforms ?? [])
        {
            if (transform.TryGetValue("PathPattern", out string? pattern))
            {
                return RoutePatternFactory.Parse(pattern);
            }

            if (transform.Keys.Any(k => k.StartsWith("Path", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"Route '{route.RouteId}': the gateway's document reverses only PathPattern transforms, not {string.Join(", ", transform.Keys)}.");
            }
        }

        return null;
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The route values when <paramref name="segments"/> (an OpenAPI path: a segment may be a {parameter})
    /// match the pattern, else null. A regex constraint is checked on literal segments; an OpenAPI parameter satisfies any.
    /// </summary>
    private static Dictionary<string, string>? Match(RoutePattern pattern, string[] segments)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < pattern.PathSegments.Count; i++)
        {
            if (pattern.PathSegments[i].Parts is not [var part])
            {
                return null; // complex segments: not used by the gateway's routes
            }

            switch (part)
            {
                case RoutePatternLiteralPart literal:
                    if (i >= segments.Length || !string.Equals(segments[i], literal.Content, StringComparison.OrdinalIgnoreCase))
                    {
                        return null;
                    }

                    break;
                case RoutePatternParameterPart { IsCatchAll: true } catchAll:
                    string rest = string.Join('/', segments.Skip(i));
                    if (!Satisfies(catchAll, rest))
                    {
                        return null;
                    }

                    values[catchAll.Name] = rest;
                    return values;
                case RoutePatternParameterPart parameter:
                    if (i >= segments.Length)
                    {
                        if (parameter.IsOptional)
                        {
                            continue;
                        }

                        return null;
                    }

                    if (!Satisfies(parameter, segments[i]))
                    {
                        return null;
                    }

                    values[parameter.Name] = segments[i];
                    break;
                default:
                    return null;
            }
        }

        return segments.Length <= pattern.PathSegments.Count ? values : null;
    }

    private static bool Satisfies(RoutePatternParameterPart parameter, string value) =>
        value.StartsWith('{') || parameter.ParameterPolicies.All(p =>
            p.Content is not { } content || !content.StartsWith("regex(", StringComparison.Ordinal)
            || Regex.IsMatch(value, content["regex(".Length..^1], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    /// <summary>The route's Match path with the values in; null when one is missing.</summary>
    private static string? Fill(RoutePattern pattern, Dictionary<string, string> values)
    {
        var segments = new List<string>();
        foreach (RoutePatternPathSegment segment in pattern.PathSegments)
        {
            switch (segment.Parts.Single())
            {
                case RoutePatternLiteralPart literal:
                    segments.Add(literal.Content);
                    break;
                case RoutePatternParameterPart parameter when values.TryGetValue(parameter.Name, out string? value):
                    if (value.Length > 0)
                    {
                        segments.Add(value);
                    }

                    break;
                default:
                    return null;
            }
        }

        return "/" + string.Join('/', segments);
    }

    /// <summary>ASP.NET routing's inbound precedence, one digit a segment: lower is chosen first.</summary>
    private static decimal Precedence(RoutePattern pattern)
    {
        decimal precedence = 0;
        for (int i = 0; i < pattern.PathSegments.Count; i++)
        {
            int digit = pattern.PathSegments[i].Parts switch
            {
                [RoutePatternLiteralPart] => 1,
                [RoutePatternParameterPart { IsCatchAll: true } p] => p.ParameterPolicies.Count > 0 ? 5 : 6,
                [RoutePatternParameterPart p] => p.ParameterPolicies.Count > 0 ? 3 : 4,
                _ => 2,
            };
            precedence += digit / (decimal)Math.Pow(10, i);
        }

        return precedence;
    }

    /// <summary>"population-db" → "PopulationDb".</summary>
    private static string Pascal(string id) =>
        string.Concat(id.Split('-', '_', '.').Where(p => p.Length > 0).Select(p => char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));

    [GeneratedRegex("\"\\$ref\":\"#/components/schemas/([^\"]+)\"")]
    private static partial Regex RefPattern();

    private sealed record Route(RouteConfig Config, RoutePattern Pattern, RoutePattern? PathPattern);
}
