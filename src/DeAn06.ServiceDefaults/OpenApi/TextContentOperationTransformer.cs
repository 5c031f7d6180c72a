using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DeAn06.ServiceDefaults.OpenApi;

/// <summary>
/// One status code can answer JSON or text (format=csv|markdown|text): <c>.Produces</c> gives every
/// media type of a status the same schema, so text bodies are described as what they are, text.
/// Also drops the */* that <see cref="DocumentedBodyExtensions.DocumentsBody"/> adds for routing's sake.
/// </summary>
internal sealed class TextContentOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.RequestBody?.Content?.Remove(DocumentedBodyExtensions.AnyContentType);
        foreach (var (mediaType, content) in operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>())
        {
            if (mediaType.StartsWith("text/", StringComparison.Ordinal))
            {
                content.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
            }
        }

        foreach (var (_, response) in operation.Responses ?? [])
        {
            foreach (var (mediaType, content) in response.Content ?? new Dictionary<string, OpenApiMediaType>())
            {
                if (mediaType.StartsWith("text/", StringComparison.Ordinal))
                {
                    content.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
                }
            }
        }

        return Task.CompletedTask;
    }
}
