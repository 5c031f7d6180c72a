using DeAn06.Matching.Dates;
using DeAn06.Matching.Decisions;
using DeAn06.Matching.Genders;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;
using Xunit.Abstractions;

namespace DeAn06.Matching.Tests.Evaluation;

/// <summary>
/// Real Vietnamese full names, each sent with the correct ID, birth date and gender but its name
/// varied: strict never matches another person; tolerant matches another person at most 0.1 % of the
/// time and the same person at least 99.5 %. Figures per kind go to the test output (docs/matching.md).
/// </summary>
public sealed class RealNamesEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public void Sample_Names_AtLeast1500()
    {
        Assert.True(RealNames.All.Count >= 1500, $"{RealNames.All.Count} names from {RealNames.Source}");
    }

    [Fact]
    public void Evaluation_BothPolicies_MeetTheTargets()
    {
        output.WriteLine($"names: {RealNames.All.Count:N0} from {RealNames.Source}");
        var rows = new SortedDictionary<string, (int N, int Strict, int Tolerant, bool Same)>(StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (Variant v in VariantBuilder.Build())
        {
            bool strict = Matches(v, MatchPolicies.Strict);
            bool tolerant = Matches(v, MatchPolicies.Tolerant);
            var r = rows.GetValueOrDefault(v.Kind);
            rows[v.Kind] = (r.N + 1, r.Strict + (strict ? 1 : 0), r.Tolerant + (tolerant ? 1 : 0), v.SamePerson);
            bool byDesign = v.Kind.StartsWith(VariantBuilder.RefusedByDesign, StringComparison.Ordinal);
            if ((!v.SamePerson && (strict || tolerant)) || (v.SamePerson && !tolerant && !byDesign) || (v.StrictShouldAccept && !strict))
            {
                wrong.Add($"{v.Kind}: '{v.Sector}' vs '{v.Reference}' strict {strict} tolerant {tolerant}");
            }
        }

        output.WriteLine("| kind | same person | variants | strict MATCH | tolerant MATCH |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var (kind, r) in rows)
        {
            output.WriteLine($"| {kind} | {(r.Same ? "yes" : "no")} | {r.N:N0} | {r.Strict * 100.0 / r.N:F2} % | {r.Tolerant * 100.0 / r.N:F2} % |");
        }

        int others = rows.Values.Where(r => !r.Same).Sum(r => r.N);
        var acceptable = rows.Where(k => k.Value.Same && !k.Key.StartsWith(VariantBuilder.RefusedByDesign, StringComparison.Ordinal)).Select(k => k.Value).ToList();
        int same = acceptable.Sum(r => r.N);
        int strictFalse = rows.Values.Where(r => !r.Same).Sum(r => r.Strict);
        int tolerantFalse = rows.Values.Where(r => !r.Same).Sum(r => r.Tolerant);
        int tolerantTrue = acceptable.Sum(r => r.Tolerant);
        output.WriteLine($"another person: {others:N0}, strict false MATCH {strictFalse}, tolerant false MATCH {tolerantFalse} ({tolerantFalse * 100.0 / others:F3} %)");
        output.WriteLine($"same person: {same:N0}, tolerant MATCH {tolerantTrue} ({tolerantTrue * 100.0 / same:F2} %)");
        foreach (string line in wrong.Take(60))
        {
            output.WriteLine(line);
        }

        Assert.True(others >= 3000, $"{others} variants naming another person");
        Assert.Equal(0, strictFalse);
        Assert.True(tolerantFalse <= others * 0.001, $"tolerant false MATCH {tolerantFalse} of {others}");
        Assert.True(tolerantTrue >= same * 0.995, $"tolerant matched {tolerantTrue} of {same} acceptable variants");
        foreach (var (kind, r) in rows.Where(k => k.Key is "unicode_nfd" or "case" or "spacing" or "format_characters" or "legacy_eth" or "tone_placement"))
        {
            Assert.True(r.Strict == r.N, $"strict refused {r.N - r.Strict} of {r.N} {kind} variants");
        }
    }

    private static bool Matches(Variant v, MatchPolicy policy)
    {
        var reference = new ReferenceRecord(1_090_123_456, 0, v.Reference, new BirthDate(1990, 5, 17, DatePrecision.Day), Gender.Male, IsDeceased: false);
        var sector = new SectorRecord("001090123456", v.Sector, "17/05/1990", "Nam");
        return Matcher.Decide(sector, reference, policy).Verdict == Verdict.Match;
    }
}
