using DeAn06.Matching.Comparison;
using DeAn06.Matching.Policies;

namespace DeAn06.Matching.Tests.Policies;

public sealed class MatchPolicyTests
{
    [Fact]
    public void Defaults_Pinned()
    {
        var policy = new MatchPolicy { Name = "x" };
        Assert.Equal(MatchLevel.Equivalent, policy.WeakestName);
        Assert.Equal(MatchLevel.Equivalent, policy.WeakestBirthDate);
        Assert.Equal(0.83f, policy.MinFuzzyScore);
        Assert.Equal(0.7f, policy.MinCombinedScore);
        Assert.Equal("strict", new MatchingOptions().DefaultPolicy);
    }

    [Fact]
    public void Strict_OnlyExactOrEquivalent()
    {
        var ok = new RecordComparison(FieldComparison.Equivalent, FieldComparison.Exact, FieldComparison.Exact, FieldComparison.Absent);
        var noMarks = ok with { Name = new FieldComparison(MatchLevel.NoDiacritics, 0.9f) };
        Assert.True(MatchPolicies.Strict.Accepts(ok, out _, out _));
        Assert.False(MatchPolicies.Strict.Accepts(noMarks, out MatchField differing, out _));
        Assert.Equal(MatchField.Name, differing);
    }

    [Fact]
    public void Tolerant_OneWeakFieldAccepted_TwoWeakRefused()
    {
        var noMarksYearOnly = new RecordComparison(new(MatchLevel.NoDiacritics, 0.9f), new(MatchLevel.Partial, 0.8f), FieldComparison.Exact, FieldComparison.Absent);
        var partialBoth = noMarksYearOnly with { Name = new(MatchLevel.Partial, 0.85f) };
        Assert.True(MatchPolicies.Tolerant.Accepts(noMarksYearOnly, out _, out float score));
        Assert.Equal(0.72f, score, 3);
        Assert.False(MatchPolicies.Tolerant.Accepts(partialBoth, out MatchField differing, out _));
        Assert.Equal(MatchField.None, differing);
    }

    [Fact]
    public void Tolerant_GenderDifferent_Refused()
    {
        var c = new RecordComparison(FieldComparison.Exact, FieldComparison.Exact, FieldComparison.Different, FieldComparison.Absent);
        Assert.False(MatchPolicies.Tolerant.Accepts(c, out MatchField differing, out _));
        Assert.Equal(MatchField.Gender, differing);
    }

    [Fact]
    public void Accepts_NameNotCompared_Refused()
    {
        var c = new RecordComparison(FieldComparison.Absent, FieldComparison.Exact, FieldComparison.Exact, FieldComparison.Absent);
        Assert.False(MatchPolicies.Tolerant.Accepts(c, out MatchField differing, out _));
        Assert.Equal(MatchField.Name, differing);
    }

    [Fact]
    public void Validate_InvalidOptions_EveryErrorWithItsPath()
    {
        var options = new MatchingOptions
        {
            DefaultPolicy = "lenient",
            Policies = { ["strict"] = new MatchPolicy { Name = "strict" }, ["loose"] = new MatchPolicy { Name = "loose", WeakestName = MatchLevel.Different, MinFuzzyScore = 2f } },
            SectorPolicies = { ["BHXH"] = "tolerant", ["THUE"] = "nope" },
        };

        Assert.Equal(
        [
            "Matching:Policies:strict redefines a built-in policy; choose another name.",
            "Matching:Policies:loose:WeakestName must be one of Exact, Equivalent, NoDiacritics, Partial, Fuzzy (is Different).",
            "Matching:Policies:loose:MinFuzzyScore must be between 0 and 1 (is 2).",
            "Matching:DefaultPolicy names 'lenient', which is not a defined policy (strict, tolerant, strict, loose).",
            "Matching:SectorPolicies:THUE names 'nope', which is not a defined policy (strict, tolerant, strict, loose).",
        ], options.Validate());
    }

    [Fact]
    public void PolicyFor_SectorConfigured_ThatPolicy_ElseDefault()
    {
        var options = new MatchingOptions
        {
            Policies = { ["bhxh-2024"] = MatchPolicies.Tolerant with { Name = "ignored", MinCombinedScore = 0.8f } },
            SectorPolicies = { ["BHXH"] = "bhxh-2024", ["THUE"] = "tolerant" },
        };
        Assert.Empty(options.Validate());
        Assert.Equal("bhxh-2024", options.PolicyFor("bhxh").Name);
        Assert.Equal(0.8f, options.PolicyFor("BHXH").MinCombinedScore);
        Assert.Same(MatchPolicies.Tolerant, options.PolicyFor("THUE"));
        Assert.Same(MatchPolicies.Strict, options.PolicyFor("DATDAI"));
    }
}
