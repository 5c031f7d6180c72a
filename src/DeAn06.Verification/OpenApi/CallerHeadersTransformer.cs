using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DeAn06.Verification.OpenApi;

/// <summary>
/// Every /api operation is reached only through the gateway (Callers/CallerMiddleware): the
/// identity headers it sets, and the problems the middleware answers before any endpoint runs.
/// </summary>
internal sealed class CallerHeadersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true)
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(Header("X-DeAn06-Gateway-Secret", "The gateway's shared secret: proves the request came through the gateway.", required: true));
        operation.Parameters.Add(Header("X-DeAn06-Consumer", "The calling sector (e.g. BHXH), set by the gateway from the token.", required: true));
        operation.Parameters.Add(Header("X-DeAn06-Province", "The caller's two-digit province code, set by the gateway.", required: false));
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", Problem(context, "CALLER_NOT_TRUSTED: not relayed by the gateway."));
        operation.Responses.TryAdd("400", Problem(context, "CALLER_HEADERS_INVALID, or the request's own error codes."));
        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description, bool required) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiResponse Problem(OpenApiOperationTransformerContext context, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
        },
    };
}
