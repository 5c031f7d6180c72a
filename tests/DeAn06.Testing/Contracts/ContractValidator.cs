using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace DeAn06.Testing.Contracts;

/// <summary>
/// Checks requests and answers against a committed OpenAPI 3.1 contract: the operation exists, the
/// status code and content type are listed for it, JSON bodies (and each NDJSON line) validate against
/// the schema (JsonSchema.Net, draft 2020-12, which OpenAPI 3.1 schemas are), and errors are
/// problem+json with a <c>code</c>.
/// </summary>
public sealed class ContractValidator
{
    private readonly JsonObject _document;
    private readonly JsonObject _defs;
    private readonly List<(Regex Pattern, string Template, int Parameters)> _paths;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    private ContractValidator(JsonObject document)
    {
        // OpenAPI's components/schemas become the validator's $defs; their $refs follow.
        string text = document.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
        _document = JsonNode.Parse(text)!.AsObject();
        _defs = _document["components"]?["schemas"]?.AsObject() ?? [];
        _paths = _document["paths"]!.AsObject()
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^/]+?}", "[^/]+") + "$"), p.Key, p.Key.Count(c => c == '{')))
            .OrderBy(p => p.Item3)
            .ToList();
    }

    /// <summary>The committed contracts/<paramref name="fileName"/> (the source tree's, not a copy).</summary>
    public static ContractValidator Load(string fileName) =>
        new(JsonNode.Parse(File.ReadAllText(CommittedContract.PathOf(fileName)))!.AsObject());

    /// <summary>Every problem code the contract lists on its problem schema.</summary>
    public IReadOnlyList<string> ProblemCodes =>
        _defs["ProblemDetails"]?["properties"]?["code"]?["enum"]?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? [];

    /// <summary>What is wrong with a request by the contract (empty: it conforms).</summary>
    public IReadOnlyList<string> CheckRequest(HttpMethod method, string path, string? contentType, string? body)
    {
        if (Operation(method, path, out string where) is not { } operation)
        {
            return [where];
        }

        if (operation["requestBody"]?["content"]?.AsObject() is not { } content)
        {
            return string.IsNullOrEmpty(body) ? [] : [$"{where}: the contract describes no request body"];
        }

        string mediaType = MediaType(contentType);
        if (content[mediaType] is not JsonObject media)
        {
            return [$"{where}: request content type '{mediaType}' is not listed ({string.Join(", ", content.Select(c => c.Key))})"];
        }

        return mediaType == "application/x-ndjson"
            ? (body ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).SelectMany(line => Validate(media["schema"], line, $"{where} request line")).ToList()
            : mediaType.EndsWith("json", StringComparison.Ordinal) ? Validate(media["schema"], body, $"{where} request") : [];
    }

    /// <summary>What is wrong with an answer by the contract (empty: it conforms).</summary>
    public IReadOnlyList<string> CheckResponse(HttpMethod method, string path, int status, MediaTypeHeaderValue? contentType, string body)
    {
        if (Operation(method, path, out string where) is not { } operation)
        {
            return [where];
        }

        var problems = new List<string>();
        string code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if ((operation["responses"]?[code] ?? operation["responses"]?["default"]) is not JsonObject response)
        {
            return [$"{where}: status {status} is not listed ({string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))}); body: {Shorten(body)}"];
        }

        string mediaType = MediaType(contentType?.MediaType);
        if (status >= 400 && mediaType != "application/problem+json")
        {
            problems.Add($"{where} {status}: an error must be application/problem+json, not '{mediaType}'");
        }

        if (response["content"]?.AsObject() is not { Count: > 0 } content)
        {
            if (body.Length > 0)
            {
                problems.Add($"{where} {status}: the contract lists no body, the answer has one");
            }

            return problems;
        }

        if (content[mediaType] is not JsonObject media)
        {
            problems.Add($"{where} {status}: content type '{mediaType}' is not listed ({string.Join(", ", content.Select(c => c.Key))})");
            return problems;
        }

        if (mediaType == "application/x-ndjson")
        {
            foreach (string line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                problems.AddRange(Validate(media["schema"], line, $"{where} {status} line"));
            }
        }
        else if (mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            problems.AddRange(Validate(media["schema"], body, $"{where} {status}"));
            if (status >= 400 && (JsonNode.Parse(body) as JsonObject)?["code"]?.GetValueKind() != JsonValueKind.String)
            {
                problems.Add($"{where} {status}: problem without a string 'code'");
            }
        }

        return problems;
    }

    private JsonObject? Operation(HttpMethod method, string path, out string where)
    {
        string bare = path.Split('?')[0];
        foreach (var (pattern, template, _) in _paths)
        {
            if (pattern.IsMatch(bare))
            {
                where = $"{method.Method} {template}";
                if (_document["paths"]![template]![method.Method.ToLowerInvariant()] is JsonObject operation)
                {
                    return operation;
                }

                where += ": no such operation in the contract";
                return null;
            }
        }

        where = $"{method.Method} {bare}: no such path in the contract";
        return null;
    }

    private List<string> Validate(JsonNode? schema, string? body, string where)
    {
        if (schema is null)
        {
            return [];
        }

        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(body ?? "");
        }
        catch (JsonException ex)
        {
            return [$"{where}: not JSON ({ex.Message})"];
        }

        string key = schema.ToJsonString();
        JsonSchema compiled = _schemas.GetOrAdd(key, _ => JsonSchema.FromText(new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _defs.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        }.ToJsonString()));
        EvaluationResults results = compiled.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? [] :
        [
            $"{where}: {Shorten(body ?? "")} does not match the schema: " + string.Join("; ", (results.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))
                .Take(5)),
        ];
    }

    private static string MediaType(string? contentType) => (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
