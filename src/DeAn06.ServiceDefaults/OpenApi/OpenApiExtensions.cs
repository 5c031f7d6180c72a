using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace DeAn06.ServiceDefaults.OpenApi;

/// <summary>
/// Each service's OpenAPI 3.1 document, generated from its endpoints' typed results and metadata
/// (Microsoft.AspNetCore.OpenApi) and served at <see cref="DocumentPath"/>; contracts/*.openapi.json
/// are this document, committed (a test fails when they disagree).
/// </summary>
public static class OpenApiExtensions
{
    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Registers the document "v1" with the transformers every service shares.</summary>
    public static IServiceCollection AddDeAn06OpenApi(this IServiceCollection services, ContractOptions contract, Action<Microsoft.AspNetCore.OpenApi.OpenApiOptions>? configure = null) =>
        services.AddOpenApi("v1", o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = contract.Title, Version = "1.0.0", Description = contract.Description };
                // The generator lists the addresses it happens to listen on; the committed contract must not depend on them.
                document.Servers = [];
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer<DefaultEndpointsDocumentTransformer>();
            o.AddOperationTransformer<TextContentOperationTransformer>();
            o.AddSchemaTransformer(new ProblemSchemaTransformer([.. ErrorCodes.Of(contract.ErrorCodes).Union(ErrorCodes.Of(typeof(CommonErrorCode))).Order(StringComparer.Ordinal)]));
            o.AddDocumentTransformer(new ComponentSchemaTransformer(contract));
            configure?.Invoke(o);
        });

    /// <summary>Serves the document at <see cref="DocumentPath"/>.</summary>
    public static IEndpointConventionBuilder MapDeAn06OpenApi(this IEndpointRouteBuilder app) =>
        app.MapOpenApi(DocumentPath); // no {documentName}: the one document, "v1"
}
