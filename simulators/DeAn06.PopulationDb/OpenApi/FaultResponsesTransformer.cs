using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DeAn06.PopulationDb.OpenApi;

/// <summary>
/// Every /api operation can meet an injected fault (Faults/FaultMiddleware) before its handler runs,
/// and an answer while the population is still being generated: listed on each operation.
/// </summary>
internal sealed class FaultResponsesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true)
        {
            return Task.CompletedTask;
        }

        operation.Responses ??= [];
        operation.Responses.TryAdd("429", Problem(context, "THROTTLED (fault injection); honour Retry-After."));
        operation.Responses.TryAdd("500", Problem(context, "INJECTED_ERROR (fault injection) or INTERNAL_ERROR."));
        operation.Responses.TryAdd("503", Problem(context, "MAINTENANCE (honour Retry-After) or POPULATION_LOADING."));
        return Task.CompletedTask;
    }

    private static OpenApiResponse Problem(OpenApiOperationTransformerContext context, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
        },
    };
}
