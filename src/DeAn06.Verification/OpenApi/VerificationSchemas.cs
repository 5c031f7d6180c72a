using System.Text.Json.Nodes;
using DeAn06.Contracts;
using DeAn06.Matching.Comparison;
using DeAn06.Matching.Ids;
using DeAn06.Verification.Apis;
using DeAn06.Verification.Storage;
using DeAn06.Verification.Verification;
using Microsoft.OpenApi;

namespace DeAn06.Verification.OpenApi;

/// <summary>
/// The rules the C# types cannot say, made schema: the verdict, level, ID-rule and job-status enums
/// (from the same wire names the service writes), the verify-many limit, and the formats a sector
/// record may use.
/// </summary>
internal static class VerificationSchemas
{
    /// <summary>The types whose schemas <see cref="Edit"/> changes.</summary>
    public static IReadOnlyCollection<Type> Types => [typeof(VerificationRecord), typeof(VerifyManyRequest), typeof(VerificationResult), typeof(FieldResult), typeof(JobStatusResponse)];

    /// <summary>Applies the rules of <paramref name="type"/> to its component schema.</summary>
    public static void Edit(Type type, OpenApiSchema schema)
    {
        if (type == typeof(VerificationRecord))
        {
            Describe(schema, "SoDinhDanh", "The 12-digit personal ID number (spaces and dots ignored). When both SoDinhDanh and SoCMND are sent, SoDinhDanh is checked; with neither, the verdict is MISSING_ID.");
            Describe(schema, "SoCMND", "The old 9-digit identity-card number, for a record without a personal ID.");
            Describe(schema, "NgayThangNamSinh", "Birth date as sectors write it: dd/MM/yyyy (e.g. 05/03/1987), yyyy-MM-dd, yyyyMMdd, or yyyy when only the year is known. The population DB itself writes yyyyMMdd.");
            Describe(schema, "GioiTinh", "Nam/Nữ (also M/F, 1/2, or 0 for unknown). The population DB itself writes 0/1/2 (0 unknown, 1 male, 2 female).");
            schema.Required = new HashSet<string> { "HoVaTen" };
            if (Property(schema, "HoVaTen") is { } name)
            {
                name.Type = JsonSchemaType.String;
                name.MinLength = 1;
                name.MaxLength = RecordValidation.MaxNameLength;
                name.Description = "Full name, family name first (required).";
            }

            schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            schema.Extensions["x-dean06-identifier"] = new JsonNodeExtension(new JsonObject
            {
                ["fields"] = new JsonArray("SoDinhDanh", "SoCMND"),
                ["rule"] = "at most one is used: SoDinhDanh when given, else SoCMND; neither gives the verdict MISSING_ID (not an error)",
            });
        }
        else if (type == typeof(VerifyManyRequest) && Property(schema, "Records") is { } records)
        {
            records.MinItems = 1;
            records.MaxItems = VerificationApi.MaxRecordsPerCall;
            schema.Required = new HashSet<string> { "Records" };
        }
        else if (type == typeof(VerificationResult))
        {
            Enumerate(schema, "verdict", [.. Verdicts.Final, Verdicts.UpstreamUnavailable, Verdicts.Rejected]);
            Enumerate(schema, "idRule", Enum.GetValues<IdRule>().Select(WireNames.Of).OfType<string>());
            schema.Required = new HashSet<string> { "verdict" };
        }
        else if (type == typeof(FieldResult))
        {
            Enumerate(schema, "level", Enum.GetValues<MatchLevel>().Select(WireNames.Of));
        }
        else if (type == typeof(JobStatusResponse))
        {
            Enumerate(schema, "status", Enum.GetValues<JobStatus>().Where(s => s is not (JobStatus.Uploading or JobStatus.Deleted)).Select(s => s.ToString()));
        }
    }

    private static OpenApiSchema? Property(OpenApiSchema schema, string name) =>
        schema.Properties is not null && schema.Properties.TryGetValue(name, out IOpenApiSchema? p) ? p as OpenApiSchema : null;

    private static void Describe(OpenApiSchema schema, string property, string description)
    {
        if (Property(schema, property) is { } p)
        {
            p.Description = description;
        }
    }

    private static void Enumerate(OpenApiSchema schema, string property, IEnumerable<string> values)
    {
        if (Property(schema, property) is { } p)
        {
            p.Enum = values.Distinct().Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
        }
    }
}
