using System.Text;
using DeAn06.Matching.Comparison;
using DeAn06.Matching.Dates;
using DeAn06.Matching.Decisions;
using DeAn06.Matching.Genders;
using DeAn06.Matching.Names;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;
using DeAn06.Matching.Tests.Evaluation;
using DeAn06.Matching.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeAn06.Matching.Tests.Names;

/// <summary>The invariants of the name policy, over real names (Evaluation/uit-names.txt) and random noise.</summary>
public sealed class NameComparerProperties
{
    private static readonly string[] Names = RealNames.All.ToArray();

    private static readonly string[] WordBreaks = [" ", "  ", "\t", "\u00A0", "\u200B", " \u200B", "\u3000"];

    private static readonly char[] Invisible = ['\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'];

    internal static Gen<string> Name => Gen.Elements(Names);

    /// <summary>What a sector may send for a reference: itself, stripped, rotated, one word replaced, or another name.</summary>
    private static Gen<(string Sector, string Reference)> Pair =>
        from reference in Name
        from other in Name
        from kind in Gen.Choose(0, 4)
        from at in Gen.Choose(0, 10)
        select (kind switch
        {
            0 => reference,
            1 => VietnameseText.ToFolded(reference),
            2 => Rotate(reference),
            3 => ReplaceWord(reference, other, at),
            _ => other,
        }, reference);

    /// <summary>The same text in another Unicode form, case, spacing, with format characters and Ð for Đ.</summary>
    internal static Gen<Func<string, string>> Noise =>
        from nfd in Gen.Elements(true, false)
        from caseMode in Gen.Choose(0, 3)
        from breakAt in Gen.Choose(0, WordBreaks.Length - 1)
        from invisibleAt in Gen.Choose(0, 64)
        from invisible in Gen.Elements(Invisible)
        from eth in Gen.Elements(true, false)
        select (Func<string, string>)(s => ApplyNoise(s, nfd, caseMode, WordBreaks[breakAt], invisibleAt, invisible, eth));

    [Property(MaxTest = 500)]
    public Property Compare_NoiseOnEitherSide_SameResult() =>
        Prop.ForAll(
            (from pair in Pair from noiseA in Noise from noiseB in Noise select (pair.Sector, pair.Reference, noiseA, noiseB)).ToArbitrary(),
            t =>
            {
                FieldComparison plain = Plain(NameComparer.Compare(t.Sector, t.Reference));
                FieldComparison noisy = Plain(NameComparer.Compare(t.noiseA(t.Sector), t.noiseB(t.Reference)));
                return plain == noisy;
            });

    [Property(MaxTest = 300)]
    public Property Decide_RecordComparedWithItself_ExactMatch() =>
        Prop.ForAll(Name.ToArbitrary(), name =>
        {
            MatchDecision d = Decide(name, name, MatchPolicies.Strict);
            return NameComparer.Compare(name, name) == FieldComparison.Exact && d.Verdict == Verdict.Match && d.Comparison.Name.Level == MatchLevel.Exact;
        });

    [Property(MaxTest = 1000)]
    public Property Decide_CommonNameChangedIntoAnother_NeverAccepted() =>
        Prop.ForAll(
            (from name in Name from place in Gen.Choose(0, 2) from pick in Gen.Choose(0, 10_000) select ChangeCommonWord(name, place, pick)).ToArbitrary(),
            changed => changed is not { } c
                || (Decide(c.Sector, c.Reference, MatchPolicies.Tolerant).Verdict != Verdict.Match
                    && Decide(c.Sector, c.Reference, MatchPolicies.Strict).Verdict != Verdict.Match));

    /// <summary>
    /// The word in one place turned into another common word of that place (seen 3 times or more). Left
    /// out, as the policy table says: a result with no mark at all (a stripped system cannot tell), an
    /// i/y respelling (Lý/Lí, one name) and D for Đ (a code page without Đ).
    /// </summary>
    private static (string Sector, string Reference)? ChangeCommonWord(string name, int place, int pick)
    {
        string[] w = name.Split(' ');
        int at = place switch { 0 => 0, 1 => 1, _ => w.Length - 1 };
        string[] common = RealNames.InPlace(place).Where(kv => kv.Value >= 3).Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        if ((place == 1 && w.Length < 3) || common.Length == 0)
        {
            return null;
        }

        string original = VietnameseText.ToEquivalent(w[at]);
        string replacement = common[pick % common.Length];
        string lower = VietnameseText.ToEquivalent(replacement);
        if (lower == original || lower.Replace('đ', 'd') == original.Replace('đ', 'd') || IySpelling(lower, original))
        {
            return null;
        }

        w[at] = replacement;
        string sector = string.Join(' ', w);
        return VietnameseText.HasDiacritics(sector) ? (sector, name) : null;
    }

    private static bool IySpelling(string a, string b) =>
        a.Length == b.Length && a.Length >= 2 && a[..^1] == b[..^1] && "iíìỉĩịyýỳỷỹỵ".Contains(a[^1], StringComparison.Ordinal) && "iíìỉĩịyýỳỷỹỵ".Contains(b[^1], StringComparison.Ordinal);

    private static FieldComparison Plain(FieldComparison c) => c.Level == MatchLevel.Exact ? FieldComparison.Equivalent : c;

    private static string Rotate(string name)
    {
        string[] w = name.Split(' ');
        return string.Join(' ', w[1..].Append(w[0]));
    }

    private static string ReplaceWord(string name, string other, int at)
    {
        string[] w = name.Split(' ');
        string[] o = other.Split(' ');
        w[at % w.Length] = o[at % o.Length];
        return string.Join(' ', w);
    }

    private static string ApplyNoise(string s, bool nfd, int caseMode, string wordBreak, int invisibleAt, char invisible, bool eth)
    {
        if (eth)
        {
            s = s.Replace('Đ', '\u00D0').Replace('đ', '\u00F0');
        }

        s = caseMode switch
        {
            0 => s.ToUpperInvariant(),
            1 => s.ToLowerInvariant(),
            2 => string.Concat(s.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))),
            _ => s,
        };
        string[] words = s.Split(' ');
        var sb = new StringBuilder(" ");
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i];
            int cut = invisibleAt % (word.Length + 1);
            sb.Append(word.AsSpan(0, cut)).Append(invisible).Append(word.AsSpan(cut));
            if (i < words.Length - 1)
            {
                sb.Append(wordBreak);
            }
        }

        string noisy = sb.Append('\t').ToString();
        return nfd ? noisy.Normalize(NormalizationForm.FormD) : noisy;
    }

    private static MatchDecision Decide(string sector, string reference, MatchPolicy policy)
    {
        var r = new ReferenceRecord(1_090_123_456, 0, reference, new BirthDate(1990, 5, 17, DatePrecision.Day), Gender.Male, IsDeceased: false);
        return Matcher.Decide(new SectorRecord("001090123456", sector, "17/05/1990", "Nam"), r, policy);
    }
}
