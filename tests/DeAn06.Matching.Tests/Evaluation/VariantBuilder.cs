using System.Text;
using DeAn06.Matching.Names;
using DeAn06.Matching.Text;

namespace DeAn06.Matching.Tests.Evaluation;

/// <summary>One sector spelling of a real name and whether it is still that person's name.</summary>
internal sealed record Variant(string Kind, string Sector, string Reference, bool SamePerson, bool StrictShouldAccept);

/// <summary>
/// Builds, from each real name, the variants of docs/matching.md's policy table: what a clerk or a
/// system does to the same name (same person), and the same name turned into another real one
/// (another person). Seeded: the same set every run.
/// </summary>
internal static class VariantBuilder
{
    public static IEnumerable<Variant> Build(int seed = 14)
    {
        var rng = new Random(seed);
        foreach (string name in RealNames.All)
        {
            foreach (Variant v in For(name, rng))
            {
                yield return v;
            }
        }
    }

    private static IEnumerable<Variant> For(string name, Random rng)
    {
        string[] w = name.Split(' ');
        Variant Same(string kind, string sector, bool strict) => new(kind, sector, name, true, strict);
        Variant Other(string kind, string sector) => new(kind, sector, name, false, false);

        yield return Same("unicode_nfd", name.Normalize(NormalizationForm.FormD), true);
        yield return Same("case", rng.Next(2) == 0 ? name.ToUpperInvariant() : name.ToLowerInvariant(), true);
        yield return Same("spacing", "  " + string.Join(rng.Next(3) switch { 0 => "   ", 1 => " \t", _ => "\u00A0" }, w) + " ", true);
        yield return Same("format_characters", FormatCharacters(w, rng), true);
        if (name.Contains('Đ') || name.Contains('đ'))
        {
            yield return Same("legacy_eth", name.Replace('Đ', '\u00D0').Replace('đ', '\u00F0'), true);
            yield return Same("d_for_dstroke", name.Replace('Đ', 'D').Replace('đ', 'd'), false);
        }

        if (OldTonePlacement(name) is { } old)
        {
            yield return Same("tone_placement", old, true);
        }

        yield return Same("all_marks_stripped", rng.Next(2) == 0 ? VietnameseText.ToFolded(name) : VietnameseText.ToFolded(name).ToUpperInvariant(), false);
        if (w.Length >= 3)
        {
            int drop = 1 + rng.Next(w.Length - 2);
            yield return Same("middle_dropped", string.Join(' ', w.Where((_, i) => i != drop)), false);
        }

        string added = Pick(RealNames.Middle.Where(kv => kv.Value >= 5).Select(kv => kv.Key).Where(m => !w.Contains(m)).ToArray(), rng);
        yield return Same("middle_added", string.Join(' ', w[..^1].Append(added).Append(w[^1])), false);
        yield return Same("rotation_given_first", string.Join(' ', w[..^1].Prepend(w[^1])), false);
        yield return Same("rotation_family_last", string.Join(' ', w[1..].Append(w[0])), false);
        if (Typo(w, rng) is { } typo)
        {
            // A slip that still spells a possible syllable may be another person's real name: the policy
            // refuses it by design, so it is reported apart and not counted in the acceptable variants.
            yield return Same(typo.Possible ? RefusedByDesign + "typo_spelling_a_syllable" : "typo_one_letter", typo.Name, false);
        }

        if (IySpelling(w) is { } iy)
        {
            yield return Same("i_y_spelling", iy, false);
        }

        string? reordered = w.Length switch
        {
            3 when w[1] != w[2] => $"{w[0]} {w[2]} {w[1]}",
            4 when w[1] != w[2] => $"{w[0]} {w[2]} {w[1]} {w[3]}",
            _ => null,
        };
        if (reordered is not null && !Enumerable.Range(1, w.Length - 1).Any(k => string.Join(' ', w[k..].Concat(w[..k])) == reordered))
        {
            yield return Other("other_order", reordered); // not one of the name's rotations ("Đoàn Đoàn Văn" is)
        }

        for (int place = 0; place < 3; place++)
        {
            int at = place switch { 0 => 0, 1 => 1 + rng.Next(w.Length - 2), _ => w.Length - 1 };
            if (place == 1 && w.Length < 3)
            {
                continue;
            }

            if (NearName(w, at, place, rng) is { } other)
            {
                yield return Other(place switch { 0 => "family_turned_into_another", 1 => "middle_turned_into_another", _ => "given_turned_into_another" }, other);
            }
        }
    }

    /// <summary>Invisible characters: a zero-width space for one word break, a soft hyphen or joiner inside a word.</summary>
    private static string FormatCharacters(string[] w, Random rng)
    {
        var sb = new StringBuilder("\uFEFF");
        for (int i = 0; i < w.Length; i++)
        {
            string word = w[i];
            int cut = 1 + rng.Next(Math.Max(1, word.Length - 1));
            sb.Append(word.AsSpan(0, Math.Min(cut, word.Length))).Append(rng.Next(3) switch { 0 => '\u00AD', 1 => '\u200C', _ => '\u2060' }).Append(word.AsSpan(Math.Min(cut, word.Length)));
            if (i < w.Length - 1)
            {
                sb.Append(i == 0 ? "\u200B" : " \u200D");
            }
        }

        return sb.ToString();
    }

    private static readonly (string New, string Old)[] TonePlacements =
    [
        ("òa", "oà"), ("óa", "oá"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"),
        ("òe", "oè"), ("óe", "oé"), ("ỏe", "oẻ"), ("õe", "oẽ"), ("ọe", "oẹ"),
        ("ùy", "uỳ"), ("úy", "uý"), ("ủy", "uỷ"), ("ũy", "uỹ"), ("ụy", "uỵ"),
    ];

    /// <summary>The old tone placement (hoà, thuỷ) of an open syllable written in the new one, if any.</summary>
    private static string? OldTonePlacement(string name)
    {
        string[] w = name.Split(' ');
        bool changed = false;
        for (int i = 0; i < w.Length; i++)
        {
            foreach (var (n, o) in TonePlacements)
            {
                if (w[i].EndsWith(n, StringComparison.Ordinal) && !w[i].StartsWith("Qu", StringComparison.Ordinal))
                {
                    w[i] = w[i][..^2] + o;
                    changed = true;
                }
            }
        }

        return changed ? string.Join(' ', w) : null;
    }

    /// <summary>A one-letter slip (swap, drop, double, neighbour key) inside a word, never its first letter, that lands on no real name.</summary>
    public const string RefusedByDesign = "(refused by design) ";

    private static (string Name, bool Possible)? Typo(string[] w, Random rng)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            int at = rng.Next(w.Length);
            string word = w[at];
            if (word.Length < 3)
            {
                continue;
            }

            int k = 1 + rng.Next(word.Length - 1);
            string slip = rng.Next(3) switch
            {
                0 when k < word.Length - 1 => word[..k] + word[k + 1] + word[k] + word[(k + 2)..],
                1 => word.Remove(k, 1),
                _ => word.Insert(k, word[k].ToString()),
            };
            string lower = VietnameseText.ToEquivalent(slip);
            if (slip != word && !RealNames.Words.Contains(lower) && !NameSyllables.IsName(lower))
            {
                string[] copy = (string[])w.Clone();
                copy[at] = slip;
                return (string.Join(' ', copy), Syllable.IsPossible(lower));
            }
        }

        return null;
    }

    private static string? IySpelling(string[] w)
    {
        const string ys = "yýỳỷỹỵ", iis = "iíìỉĩị";
        for (int i = 0; i < w.Length; i++)
        {
            string word = w[i];
            int tone = ys.IndexOf(word[^1], StringComparison.Ordinal);
            if (word.Length == 2 && tone >= 0 && "BDĐHKLMNPRSTVX".Contains(word[0], StringComparison.Ordinal))
            {
                string[] copy = (string[])w.Clone();
                copy[i] = word[..1] + iis[tone];
                return string.Join(' ', copy);
            }
        }

        return null;
    }

    /// <summary>
    /// The word at <paramref name="at"/> turned into another real name seen in the same place, one that
    /// tempts a matcher: the same letters with other marks, or one letter apart (Phan/Phạm, Minh/Mạnh).
    /// </summary>
    private static string? NearName(string[] w, int at, int place, Random rng)
    {
        string original = VietnameseText.ToEquivalent(w[at]);
        string folded = VietnameseText.ToFolded(w[at]);
        string[] near = RealNames.InPlace(place).Keys
            .Where(c => VietnameseText.ToEquivalent(c) != original
                && Syllable.IsPossible(VietnameseText.ToEquivalent(c)) // not a data-entry error of the source ("Qang")
                && Levenshtein.Distance(VietnameseText.ToFolded(c), folded, 1) <= 1
                && !SameByIy(VietnameseText.ToEquivalent(c), original))
            .OrderBy(c => c, StringComparer.Ordinal)
            .ToArray();
        if (near.Length == 0)
        {
            return null;
        }

        string[] copy = (string[])w.Clone();
        copy[at] = near[rng.Next(near.Length)];
        string result = string.Join(' ', copy);

        // A name with no mark at all could be a stripped copy of either: the limit no matcher passes.
        return VietnameseText.HasDiacritics(result) ? result : null;
    }

    /// <summary>Lý/Lí, Quý/Quí: one name in two spellings (docs/matching.md), not another name.</summary>
    private static bool SameByIy(string a, string b)
    {
        const string iis = "iíìỉĩị", ys = "yýỳỷỹỵ";
        if (a.Length != b.Length || a.Length < 2 || a[..^1] != b[..^1])
        {
            return false;
        }

        int ia = iis.IndexOf(a[^1], StringComparison.Ordinal), yb = ys.IndexOf(b[^1], StringComparison.Ordinal);
        int ib = iis.IndexOf(b[^1], StringComparison.Ordinal), ya = ys.IndexOf(a[^1], StringComparison.Ordinal);
        return (ia >= 0 && ia == yb) || (ib >= 0 && ib == ya);
    }

    private static string Pick(string[] options, Random rng) => options[rng.Next(options.Length)];
}
