namespace DeAn06.ServiceDefaults.OpenApi;

/// <summary>What a service says about itself in its generated OpenAPI document.</summary>
public sealed record ContractOptions
{
    /// <summary>The document's title.</summary>
    public required string Title { get; init; }

    /// <summary>The document's description: who calls the service and how.</summary>
    public required string Description { get; init; }

    /// <summary>The static class whose <c>public const string</c> fields are the service's stable problem codes.</summary>
    public required Type ErrorCodes { get; init; }

    /// <summary>Types read from request bodies with their CLR property names (QCVN 109's PascalCase), not the camelCase answers use.</summary>
    public IReadOnlyCollection<Type> PascalCaseTypes { get; init; } = [];

    /// <summary>Types whose component schemas <see cref="EditSchema"/> sees (besides <see cref="PascalCaseTypes"/>).</summary>
    public IReadOnlyCollection<Type> SchemaTypes { get; init; } = [];

    /// <summary>The service's rules the C# types cannot say (enums, patterns, limits), applied to each listed type's component schema.</summary>
    public Action<Type, Microsoft.OpenApi.OpenApiSchema>? EditSchema { get; init; }
}
