using System.Text.Json.Nodes;
using DeAn06.Gateway.Errors;
using DeAn06.Gateway.Routing;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Tokens;
using DeAn06.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DeAn06.Gateway.OpenApi;

/// <summary>
/// The gateway's OpenAPI document, generated like the services' (served at
/// <see cref="OpenApiExtensions.DocumentPath"/>, committed as contracts/gateway.openapi.json): the
/// gateway's own endpoints from their metadata (/connect/token, the JWKS, health), the public API from
/// the YARP routes and the upstream services' committed contracts (<see cref="ProxiedRoutesTransformer"/>),
/// with the bearer scheme, the signature headers and the gateway's problem codes. The operators' page
/// (/ops) is not part of the public contract.
/// </summary>
internal static class GatewayOpenApi
{
    public const string BearerScheme = "bearer";
    public const string SignatureComponent = "Signature";
    public const string RequestIdComponent = "RequestId";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddDeAn06OpenApi(new ContractOptions
        {
            Title = "DeAn06 gateway (LGSP/NDXP edge)",
            Description = "What sector systems call. Every API call carries a bearer token from /connect/token; requests with a body carry a CMS/PKCS#7 detached "
                + $"signature of the exact body bytes in {SignatureOptions.Header} (base64, the client's certificate chaining to the project's CA); signed answers "
                + "carry the gateway's signature in the same header. The gateway authorises per client and service, rate-limits, logs every exchange in the "
                + "tamper-evident message log, and relays to the verification service or the population DB: the relayed operations (x-yarp-route names the "
                + "route) are those services' own, from their contracts (verification.openapi.json, population-db.openapi.json), with the gateway's answers added. "
                + "Errors are RFC 9457 problem+json with a stable `code`: the gateway's are listed on ProblemDetails, a relayed answer may carry the service's "
                + "(VerificationProblemDetails, PopulationDbProblemDetails). This document is generated from the gateway's endpoints and routes.",
            ErrorCodes = typeof(ErrorCode),
            SchemaTypes = [typeof(TokenRequest), typeof(TokenResponse), typeof(Jwk)],
            EditSchema = Edit,
        }, o =>
        {
            o.ShouldInclude = d => d.GroupName is null && d.RelativePath?.StartsWith("ops/", StringComparison.Ordinal) != true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                AddComponents(document);
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer<ProxiedRoutesTransformer>();
        });

    private static void Edit(Type type, OpenApiSchema schema)
    {
        static JsonNode Value(string s) => JsonValue.Create(s)!;
        if (type == typeof(TokenRequest) && schema.Properties?["grant_type"] is OpenApiSchema grant)
        {
            grant.Enum = [Value("client_credentials")];
        }
        else if (type == typeof(TokenResponse) && schema.Properties?["token_type"] is OpenApiSchema tokenType)
        {
            tokenType.Enum = [Value("Bearer")];
        }
        else if (type == typeof(Jwk) && schema.Properties is { } key)
        {
            ((OpenApiSchema)key["kty"]).Enum = [Value("EC")];
            ((OpenApiSchema)key["crv"]).Enum = [Value("P-256")];
            ((OpenApiSchema)key["alg"]).Enum = [Value("ES256")];
        }
    }

    /// <summary>The bearer scheme, the request signature parameter and the answers' headers, which the relayed operations name.</summary>
    private static void AddComponents(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "ES256 JWT from /connect/token, verified with /.well-known/jwks.json.",
        };
        document.Components.Parameters ??= new Dictionary<string, IOpenApiParameter>();
        document.Components.Parameters[SignatureComponent] = new OpenApiParameter
        {
            Name = SignatureOptions.Header,
            In = ParameterLocation.Header,
            Required = true,
            Description = "Base64 CMS/PKCS#7 detached signature (SignedData) over the exact request body bytes, by the client's signing certificate. Required on requests with a body.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, ContentEncoding = "base64" },
        };
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        document.Components.Headers[SignatureComponent] = new OpenApiHeader
        {
            Description = "Base64 CMS/PKCS#7 detached signature over the exact answer body bytes, by the gateway's certificate.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, ContentEncoding = "base64" },
        };
        document.Components.Headers[RequestIdComponent] = new OpenApiHeader
        {
            Description = $"The exchange's id in the message log ({RequestIdMiddleware.Header}; a well-formed one sent by the caller is kept).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
    }
}
