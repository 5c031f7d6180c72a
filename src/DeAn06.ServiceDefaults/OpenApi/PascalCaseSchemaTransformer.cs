using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DeAn06.ServiceDefaults.OpenApi;

/// <summary>
/// Request bodies are read with their own source-generated JSON contexts and QCVN 109's PascalCase
/// names, while the generator describes every type with the web defaults (camelCase): for the
/// request types, the schema's property names go back to the CLR names the wire uses.
/// </summary>
internal sealed class PascalCaseSchemaTransformer(IReadOnlyCollection<Type> types) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (!types.Contains(context.JsonTypeInfo.Type) || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (property.AttributeProvider is MemberInfo member && member.Name != property.Name && schema.Properties.Remove(property.Name, out IOpenApiSchema? value))
            {
                schema.Properties[member.Name] = value;
                if (schema.Required?.Remove(property.Name) == true)
                {
                    schema.Required.Add(member.Name);
                }
            }
        }

        return Task.CompletedTask;
    }
}
