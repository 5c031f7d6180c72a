using System.Globalization;
using System.Text;
using DeAn06.Matching.Ids;
using DeAn06.Matching.Text;

namespace DeAn06.Matching.Tests.Corpus;

/// <summary>
/// Generates the labelled corpus checked in as pairs.ndjson: same-person pairs carrying each
/// variation legacy sector data shows, and different-person pairs that survive the ID check (same
/// birth year and gender as the ID says), which only the field comparison can reject.
/// </summary>
public static class CorpusGenerator
{
    public const int Seed = 20240701;

    private static readonly (string Name, int Weight)[] Families =
    [
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 1), ("Phan", 4), ("Vũ", 2), ("Võ", 1),
        ("Đặng", 2), ("Bùi", 2), ("Đỗ", 1), ("Hồ", 1), ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Nông", 1), ("Giàng", 1), ("Lường", 1),
    ];

    private static readonly string[] MaleMiddles = ["Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Xuân", "Thành", "Quốc", "Gia Bảo", "A", "Seo"];
    private static readonly string[] FemaleMiddles = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Minh", "Phương", "Thị Minh", "Bảo"];
    private static readonly string[] MaleGiven = ["Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Long", "Sơn", "Thắng", "Cường", "Hưng", "Huy", "Khoa", "Phúc", "Quân", "Trung", "Việt", "Đức", "Anh", "Bình", "Thành", "Tùng", "Hòa", "Toàn", "Páo", "Pấng", "An", "Khánh"];
    private static readonly string[] FemaleGiven = ["Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Hằng", "Thảo", "Ngọc", "Nga", "Hà", "Huyền", "Phương", "Anh", "Thủy", "Thúy", "Yến", "Dung", "Loan", "Nhung", "Hạnh", "Vân", "Hòa", "Mỷ", "Lam", "An"];

    /// <summary>Pairs of common given names one letter apart: twins and siblings named so are different people.</summary>
    private static readonly (string, string)[] NearNames = [("An", "Anh"), ("Lan", "Lam"), ("Hùng", "Hưng"), ("Minh", "Linh"), ("Hà", "Hạ"), ("Thu", "Thư"), ("Nam", "Lam"), ("Vân", "Văn")];

    private static readonly string[] SameVariations =
    [
        "exact", "upper_case", "extra_spaces", "nfd", "no_diacritics", "no_diacritics_upper", "partly_stripped", "tone_placement",
        "typo", "dropped_middle", "extra_middle", "family_last", "date_dmy", "date_d_m", "date_iso", "date_swapped", "year_only_sector",
        "year_only_reference", "placeholder_0101", "gender_notation", "no_diacritics_year_only", "nfd_upper_iso",
    ];

    private static readonly string[] DifferentVariations =
    [
        "namesake_same_year", "twin_other_name", "twin_near_name", "sibling", "stranger_same_year", "stranger_no_diacritics",
        "namesake_other_gender", "stranger_any",
    ];

    public static IReadOnlyList<CorpusPair> Generate(int same = 1540, int different = 880)
    {
        var rng = new Random(Seed);
        var pairs = new List<CorpusPair>(same + different);
        for (int i = 0; i < same; i++)
        {
            pairs.Add(SamePerson(rng, pairs.Count + 1, SameVariations[i % SameVariations.Length]));
        }

        for (int i = 0; i < different; i++)
        {
            pairs.Add(DifferentPerson(rng, pairs.Count + 1, DifferentVariations[i % DifferentVariations.Length]));
        }

        return pairs;
    }

    private static CorpusPair SamePerson(Random rng, int n, string variation)
    {
        Person p = Person.Random(rng);
        if (variation == "tone_placement")
        {
            p = p with { Given = p.Male ? "Hòa" : (rng.Next(2) == 0 ? "Thủy" : "Thúy") };
        }

        bool yearOnlyReference = variation == "year_only_reference";
        CorpusReference reference = p.Reference(yearOnlyReference);
        string name = p.FullName;
        string date = p.Birth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        string gender = p.Male ? "Nam" : "Nữ";
        switch (variation)
        {
            case "upper_case": name = name.ToUpperInvariant(); break;
            case "extra_spaces": name = "  " + name.Replace(" ", "   ", StringComparison.Ordinal) + " "; break;
            case "nfd": name = name.Normalize(NormalizationForm.FormD); break;
            case "no_diacritics": name = Strip(name); break;
            case "no_diacritics_upper": name = Strip(name).ToUpperInvariant(); break;
            case "partly_stripped": name = StripOneToken(rng, name); break;
            case "tone_placement": name = name.Replace("Hòa", "Hoà", StringComparison.Ordinal).Replace("Thủy", "Thuỷ", StringComparison.Ordinal).Replace("Thúy", "Thuý", StringComparison.Ordinal); break;
            case "typo": name = Typo(rng, p); break;
            case "dropped_middle": name = $"{p.Family} {p.Given}"; break;
            case "extra_middle": name = $"{p.Family} {(p.Male ? "Văn" : "Thị")} {p.Middle} {p.Given}"; break;
            case "family_last": name = $"{p.Middle} {p.Given} {p.Family}"; break;
            case "date_dmy": date = p.Birth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture); break;
            case "date_d_m": date = p.Birth.ToString("d/M/yyyy", CultureInfo.InvariantCulture); break;
            case "date_iso": date = p.Birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); break;
            case "date_swapped":
                p = p with { Birth = new DateOnly(p.Birth.Year, p.Birth.Month, p.Birth.Month == 1 ? 2 : 1) };
                reference = p.Reference(false);
                date = $"{p.Birth.Month:00}/{p.Birth.Day:00}/{p.Birth.Year}"; // month first: read as day/month, swapped
                break;
            case "year_only_sector": date = p.Birth.Year.ToString(CultureInfo.InvariantCulture); break;
            case "placeholder_0101": date = $"01/01/{p.Birth.Year}"; break;
            case "gender_notation": gender = rng.Next(3) switch { 0 => p.Male ? "M" : "F", 1 => p.Male ? "1" : "2", _ => p.Male ? "NAM" : "NỮ" }; break;
            case "no_diacritics_year_only": name = Strip(name); date = p.Birth.Year.ToString(CultureInfo.InvariantCulture); break;
            case "nfd_upper_iso": name = name.ToUpperInvariant().Normalize(NormalizationForm.FormD); date = p.Birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); break;
            default: break;
        }

        return new CorpusPair(n, variation, true, new CorpusSector(reference.Id, name, date, gender), reference);
    }

    private static CorpusPair DifferentPerson(Random rng, int n, string variation)
    {
        // 01/01 on record reads as a placeholder (year only): two namesakes born that year are undecidable.
        Person r;
        do
        {
            r = Person.Random(rng);
        }
        while (r.Birth is { Month: 1, Day: 1 });

        Person s = r;
        switch (variation)
        {
            case "namesake_same_year":
                s = r with { Birth = OtherDayInYear(rng, r.Birth) };
                break;
            case "twin_other_name":
                s = r with { Given = OtherGiven(rng, r) };
                break;
            case "twin_near_name":
                var (a, b) = NearNames[rng.Next(NearNames.Length)];
                r = r with { Given = a };
                s = r with { Given = b };
                break;
            case "sibling":
                s = r with { Given = OtherGiven(rng, r), Birth = OtherDayInYear(rng, r.Birth) };
                break;
            case "stranger_same_year":
            case "stranger_no_diacritics":
                s = Person.Random(rng) with { Male = r.Male, Birth = OtherDayInYear(rng, r.Birth) };
                s = s with { Given = r.Male == s.Male ? s.Given : r.Given, Family = s.Family == r.Family ? "Trịnh" : s.Family };
                break;
            case "namesake_other_gender":
                s = r with { Male = !r.Male };
                break;
            default:
                s = Person.Random(rng);
                break;
        }

        CorpusReference reference = r.Reference(false);
        string name = variation == "stranger_no_diacritics" ? Strip(s.FullName) : s.FullName;
        var sector = new CorpusSector(reference.Id, name, s.Birth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), s.Male ? "Nam" : "Nữ");
        return new CorpusPair(n, variation, false, sector, reference);
    }

    private static DateOnly OtherDayInYear(Random rng, DateOnly birth)
    {
        DateOnly other;
        do
        {
            other = new DateOnly(birth.Year, 1, 1).AddDays(rng.Next(365));
        }
        while (other == birth || (other.Day == birth.Month && other.Month == birth.Day) || (other.Month == 1 && other.Day == 1));

        return other;
    }

    private static string OtherGiven(Random rng, Person p)
    {
        string[] names = p.Male ? MaleGiven : FemaleGiven;
        string other;
        do
        {
            other = names[rng.Next(names.Length)];
        }
        while (VietnameseText.ToFolded(other) == VietnameseText.ToFolded(p.Given) || NearNames.Any(x => (x.Item1 == other && x.Item2 == p.Given) || (x.Item2 == other && x.Item1 == p.Given)));

        return other;
    }

    private static string Strip(string name) => VietnameseText.ToFolded(name).Split(' ').Select(Capitalise).Aggregate((x, y) => x + " " + y);

    private static string StripOneToken(Random rng, string name)
    {
        string[] tokens = name.Split(' ');
        int i = rng.Next(tokens.Length);
        tokens[i] = Capitalise(VietnameseText.ToFolded(tokens[i]));
        return string.Join(' ', tokens);
    }

    private static string Typo(Random rng, Person p)
    {
        // One keyboard slip in the family or middle name (a given-name slip can land on another real name).
        string[] tokens = p.FullName.Split(' ');
        int i = rng.Next(Math.Max(1, tokens.Length - 1));
        char[] t = tokens[i].ToCharArray();
        int at = 1 + rng.Next(Math.Max(1, t.Length - 1));
        string token = tokens[i];
        token = rng.Next(3) switch
        {
            0 when t.Length > 2 => token.Remove(Math.Min(at, token.Length - 1), 1),
            1 => token.Insert(Math.Min(at, token.Length), "n"),
            _ => at < t.Length - 1 ? new string([.. t[..at], t[at + 1], t[at], .. t[(at + 2)..]]) : token + "h",
        };
        tokens[i] = token;
        return string.Join(' ', tokens);
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private sealed record Person(string Family, string Middle, string Given, bool Male, DateOnly Birth, int Province, int Serial)
    {
        public string FullName => $"{Family} {Middle} {Given}";

        public static Person Random(Random rng)
        {
            bool male = rng.Next(2) == 0;
            int total = Families.Sum(f => f.Weight);
            int pick = rng.Next(total);
            string family = Families.First(f => (pick -= f.Weight) < 0).Name;
            string middle = (male ? MaleMiddles : FemaleMiddles)[rng.Next((male ? MaleMiddles : FemaleMiddles).Length)];
            string given = (male ? MaleGiven : FemaleGiven)[rng.Next((male ? MaleGiven : FemaleGiven).Length)];
            var birth = new DateOnly(1935, 1, 1).AddDays(rng.Next(365 * 83));
            return new Person(family, middle, given, male, birth, ProvinceCodes.All[rng.Next(ProvinceCodes.All.Count)], rng.Next(1_000_000));
        }

        public CorpusReference Reference(bool yearOnly)
        {
            int centuryGender = ((Birth.Year / 100) - 19) * 2 + (Male ? 0 : 1);
            long id = Province * 1_000_000_000L + centuryGender * 100_000_000L + (Birth.Year % 100) * 1_000_000L + Serial;
            return new CorpusReference(id.ToString("D12", CultureInfo.InvariantCulture), null, FullName,
                yearOnly ? Birth.Year.ToString(CultureInfo.InvariantCulture) : Birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                Male ? "1" : "2", Deceased: false);
        }
    }
}
