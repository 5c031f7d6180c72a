using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DeAn06.ServiceDefaults.OpenApi;

/// <summary>
/// Edits the finished component schemas of the contract's types (component ids are the types'
/// names). Done on the document rather than per schema because the generator runs schema
/// transformers only where a type is met at the top of a body, not where it is nested in another.
/// For each type: QCVN 109 request and document types get their PascalCase wire names back (the
/// generator describes every type with the web defaults' camelCase); a property that may be null is
/// not required (the services leave nulls out of answers and accept records without optional
/// fields); then the service's own rules (<see cref="ContractOptions.EditSchema"/>).
/// </summary>
internal sealed class ComponentSchemaTransformer(ContractOptions contract) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (Type type in contract.SchemaTypes.Union(contract.PascalCaseTypes))
        {
            if (document.Components?.Schemas?.TryGetValue(type.Name, out IOpenApiSchema? found) != true || found is not OpenApiSchema schema)
            {
                continue;
            }

            if (contract.PascalCaseTypes.Contains(type))
            {
                Rename(type, schema);
            }

            if (schema is { Required: { Count: > 0 } required, Properties: { } properties })
            {
                foreach (var (name, property) in properties)
                {
                    if (property is OpenApiSchema { Type: { } t } && t.HasFlag(JsonSchemaType.Null) || property is OpenApiSchema { OneOf: { } oneOf } && oneOf.Any(o => o is OpenApiSchema { Type: JsonSchemaType.Null }))
                    {
                        required.Remove(name);
                    }
                }
            }

            contract.EditSchema?.Invoke(type, schema);
        }

        return Task.CompletedTask;
    }

    private static void Rename(Type type, OpenApiSchema schema)
    {
        if (schema.Properties is not { } properties)
        {
            return;
        }

        foreach (PropertyInfo clr in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            string camel = JsonNamingPolicy.CamelCase.ConvertName(clr.Name);
            if (camel != clr.Name && properties.Remove(camel, out IOpenApiSchema? value))
            {
                properties[clr.Name] = value;
                if (schema.Required?.Remove(camel) == true)
                {
                    schema.Required.Add(clr.Name);
                }
            }
        }
    }
}
