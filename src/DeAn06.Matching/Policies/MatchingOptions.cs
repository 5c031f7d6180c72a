namespace DeAn06.Matching.Policies;

/// <summary>
/// Matching configuration (section "Matching"): extra named policies, and which policy each sector
/// uses. Bound and validated at start-up by the service that hosts the matcher.
/// </summary>
public sealed class MatchingOptions
{
    public const string SectionName = "Matching";

    /// <summary>The policy for sectors not listed in <see cref="SectorPolicies"/>. The default value is "strict".</summary>
    public string DefaultPolicy { get; set; } = MatchPolicies.Strict.Name;

    /// <summary>Policies beyond the built-in "strict" and "tolerant", by name.</summary>
    public Dictionary<string, MatchPolicy> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sector code (BHXH, THUE, …) → policy name.</summary>
    public Dictionary<string, string> SectorPolicies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The policy a sector uses.</summary>
    public MatchPolicy PolicyFor(string sector)
    {
        string name = SectorPolicies.TryGetValue(sector, out string? configured) ? configured : DefaultPolicy;
        return Resolve(name) ?? throw new InvalidOperationException($"Policy '{name}' is not defined; validate MatchingOptions at start-up.");
    }

    /// <summary>Every configuration error at once, each with its setting's path.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, policy) in Policies)
        {
            if (MatchPolicies.BuiltIn.ContainsKey(name))
            {
                errors.Add($"{SectionName}:Policies:{name} redefines a built-in policy; choose another name.");
            }

            if (policy is null)
            {
                errors.Add($"{SectionName}:Policies:{name} is empty.");
                continue;
            }

            errors.AddRange(policy.Validate($"{SectionName}:Policies:{name}"));
        }

        if (Resolve(DefaultPolicy) is null)
        {
            errors.Add($"{SectionName}:DefaultPolicy names '{DefaultPolicy}', which is not a defined policy ({Known()}).");
        }

        foreach (var (sector, name) in SectorPolicies)
        {
            if (Resolve(name) is null)
            {
                errors.Add($"{SectionName}:SectorPolicies:{sector} names '{name}', which is not a defined policy ({Known()}).");
            }
        }

        return errors;
    }

    private MatchPolicy? Resolve(string? name) =>
        name is null ? null
        : MatchPolicies.BuiltIn.TryGetValue(name, out MatchPolicy? builtIn) ? builtIn
        : Policies.TryGetValue(name, out MatchPolicy? custom) ? custom with { Name = name }
        : null;

    private string Known() => string.Join(", ", MatchPolicies.BuiltIn.Keys.Concat(Policies.Keys));
}
