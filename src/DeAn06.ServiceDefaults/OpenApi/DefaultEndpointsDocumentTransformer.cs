using System.Net.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DeAn06.ServiceDefaults.OpenApi;

/// <summary>
/// The endpoints every service maps outside the API explorer's view (health checks are plain
/// request delegates; the document excludes itself): listed so the contract names every route.
/// </summary>
internal sealed class DefaultEndpointsDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        var health = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status" },
            Properties = new Dictionary<string, IOpenApiSchema> { ["status"] = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        document.Paths["/health/live"] = Get("Live", "Liveness: the process answers.", health, document);
        document.Paths["/health/ready"] = Get("Ready", "Readiness: 503 problem+json with the reason while a check fails.", health, document, notReady: true);
        document.Paths[OpenApiExtensions.DocumentPath] = Get("OpenApi", "This document.", new OpenApiSchema { Type = JsonSchemaType.Object }, document);
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Get(string id, string summary, OpenApiSchema body, OpenApiDocument document, bool notReady = false)
    {
        var operation = new OpenApiOperation
        {
            OperationId = id,
            Summary = summary,
            Tags = new HashSet<OpenApiTagReference> { new("Service", document) },
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = "OK",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = body } },
                },
            },
        };
        if (notReady)
        {
            operation.Responses["503"] = new OpenApiResponse
            {
                Description = "Not ready.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                },
            };
        }

        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }
}
