using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DeAn06.ServiceDefaults.OpenApi;

/// <summary>
/// The generator calls every constructor parameter required, but the services leave nulls out of
/// their answers (JsonIgnoreCondition.WhenWritingNull) and accept records without their optional
/// fields: a property that may be null is not required.
/// </summary>
internal sealed class OptionalNullsSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Required is not { Count: > 0 } required || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        foreach (var (name, property) in schema.Properties)
        {
            if (property is OpenApiSchema { Type: { } type } && type.HasFlag(JsonSchemaType.Null))
            {
                required.Remove(name);
            }
        }

        return Task.CompletedTask;
    }
}
