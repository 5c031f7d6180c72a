using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DeAn06.ServiceDefaults.OpenApi;

/// <summary>
/// The problem+json schema states what ProblemDetails' attributes cannot: every answer carries a
/// stable <c>code</c>, one of the service's catalogue or the common codes (see <see cref="Problems"/>), and a <c>type</c>
/// built from it.
/// </summary>
internal sealed class ProblemSchemaTransformer(IReadOnlyList<string> codes) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            return Task.CompletedTask;
        }

        schema.Description = "RFC 9457 problem details. Clients branch on `code`, never on the text.";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The stable error code.",
            Enum = codes.Select(c => (JsonNode)JsonValue.Create(c)!).ToList(),
        };
        schema.Properties["type"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = $"{Problems.TypeBase} followed by the code.",
            Pattern = "^" + System.Text.RegularExpressions.Regex.Escape(Problems.TypeBase) + "[A-Z_]+$",
        };
        schema.Required = new HashSet<string> { "code", "type", "title", "status" };
        return Task.CompletedTask;
    }
}
