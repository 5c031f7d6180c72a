using System.Globalization;
using DeAn06.Matching.Text;
using DeAn06.PopulationDb.Population;
using DeAn06.SectorData.Scenarios;

namespace DeAn06.SectorData;

/// <summary>
/// Draws a sector's dataset from the simulated population: as many records as the scenario's total,
/// the reported number of them as on record, the rest carrying the scenario's discrepancies, in a
/// seeded random order. Records and ground truth come out side by side; only the records go to the
/// verification service.
/// </summary>
public static class SectorDatasetGenerator
{
    public static IEnumerable<(SectorLine Line, GroundTruth Truth)> Generate(Scenario scenario, CitizenStore population, int seed = 1)
    {
        Discrepancy[] kinds = Plan(scenario, seed);
        var rng = new Random(seed);
        SectorLine? previous = null;
        for (int n = 0; n < kinds.Length; n++)
        {
            string reference = $"{scenario.Sector}-{n + 1:D8}";
            SectorLine line = kinds[n] == Discrepancy.Duplicate && previous is { } p
                ? p with { MaHoSo = reference }
                : Make(kinds[n] == Discrepancy.Duplicate ? Discrepancy.None : kinds[n], reference, population, rng);
            if (kinds[n] is Discrepancy.None or Discrepancy.Duplicate)
            {
                previous = line; // a duplicate repeats the last record as on file
            }

            yield return (line, new GroundTruth(reference, kinds[n], GroundTruth.VerdictFor(kinds[n], scenario.Policy)));
        }
    }

    /// <summary>
    /// Which discrepancy each line carries, shuffled. The matched part is not all clean records: it
    /// carries what real sector data carries and the policy must accept — under tolerant policies 5 %
    /// without diacritics and 1 % each of typos, NFD text, swapped day/month, year-only birth dates and
    /// old-CMND-only records; under strict ones 1 % each of NFD text and old-CMND-only records; and
    /// 0,5 % duplicates under both.
    /// </summary>
    private static Discrepancy[] Plan(Scenario scenario, int seed)
    {
        var kinds = new Discrepancy[scenario.Total];
        long i = 0;
        (Discrepancy Kind, double Share)[] accepted = scenario.Policy == "strict"
            ? [(Discrepancy.NfdText, 0.01), (Discrepancy.OldCmndOnly, 0.01), (Discrepancy.Duplicate, 0.005)]
            : [(Discrepancy.NoDiacritics, 0.05), (Discrepancy.NameTypo, 0.01), (Discrepancy.NfdText, 0.01), (Discrepancy.SwappedDayMonth, 0.01),
               (Discrepancy.YearOnlyBirth, 0.01), (Discrepancy.OldCmndOnly, 0.01), (Discrepancy.Duplicate, 0.005)];
        foreach (var (kind, share) in accepted)
        {
            for (long k = (long)(scenario.Matched * share); k > 0; k--)
            {
                kinds[i++] = kind;
            }
        }

        while (i < scenario.Matched)
        {
            kinds[i++] = Discrepancy.None;
        }

        foreach (var (kind, count) in scenario.Rest)
        {
            for (long k = 0; k < count; k++)
            {
                kinds[i++] = kind;
            }
        }

        var rng = new Random(seed ^ 0x5EC7);
        for (int k = kinds.Length - 1; k > 0; k--)
        {
            int j = rng.Next(k + 1);
            (kinds[k], kinds[j]) = (kinds[j], kinds[k]);
        }

        return kinds;
    }

    private static SectorLine Make(Discrepancy kind, string reference, CitizenStore population, Random rng)
    {
        Citizen c = Pick(population, rng, kind);
        string id = c.Id.ToString("D12", CultureInfo.InvariantCulture);
        string date = c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        string gender = c.IsMale ? "Nam" : "Nữ";
        string name = c.FullName;
        string cmnd = "";
        switch (kind)
        {
            case Discrepancy.NoDiacritics:
                name = VietnameseText.ToFolded(name).ToUpperInvariant();
                break;
            case Discrepancy.MissingId:
                id = "";
                break;
            case Discrepancy.WrongIdDigits:
                id = id[..4] + ((int.Parse(id[4..6], CultureInfo.InvariantCulture) + 1) % 100).ToString("D2", CultureInfo.InvariantCulture) + id[6..];
                break;
            case Discrepancy.WrongBirthDate:
                date = OtherDay(c.BirthDate!.Value, rng).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
                break;
            case Discrepancy.NotInPopulation:
                id = Unheld(population, c).ToString("D12", CultureInfo.InvariantCulture);
                break;
            case Discrepancy.OldCmndOnly:
                cmnd = c.Cmnd.ToString("D9", CultureInfo.InvariantCulture);
                id = "";
                break;
            case Discrepancy.NameTypo:
                name = SwapInGivenName(name);
                break;
            case Discrepancy.NfdText:
                name = name.Normalize(System.Text.NormalizationForm.FormD);
                break;
            case Discrepancy.SwappedDayMonth:
                date = c.BirthDate!.Value.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);
                break;
            case Discrepancy.YearOnlyBirth:
                date = c.BirthDate!.Value.Year.ToString(CultureInfo.InvariantCulture);
                break;
            case Discrepancy.WrongGender:
                gender = c.IsMale ? "Nữ" : "Nam";
                break;
            default:
                break;
        }

        return new SectorLine(reference, id, name, date, gender, cmnd);
    }

    /// <summary>
    /// A citizen for the discrepancy: living unless DECEASED is wanted; a full, non-01/01 birth date for
    /// a wrong birth date; a name that has diacritics to strip for NoDiacritics.
    /// </summary>
    private static Citizen Pick(CitizenStore population, Random rng, Discrepancy kind)
    {
        while (true)
        {
            Citizen c = population[rng.Next(population.Count)];
            bool fits = kind switch
            {
                Discrepancy.Deceased => c.IsDeceased,
                Discrepancy.WrongBirthDate => !c.BirthYearOnly && c.BirthDate is not { Month: 1, Day: 1 },
                Discrepancy.NoDiacritics => !c.IsDeceased && VietnameseText.HasDiacritics(c.FullName), // "Phan Thu Nga" has none to lose
                Discrepancy.NfdText => !c.IsDeceased && VietnameseText.HasDiacritics(c.FullName),
                Discrepancy.OldCmndOnly => !c.IsDeceased && c.Cmnd != 0,
                Discrepancy.SwappedDayMonth => !c.IsDeceased && c.BirthDate is { } d && d.Day <= 12 && d.Day != d.Month,
                Discrepancy.YearOnlyBirth => !c.IsDeceased && !c.BirthYearOnly,
                Discrepancy.NameTypo => !c.IsDeceased && c.FullName.Split(' ')[^1].Length >= 4,
                _ => !c.IsDeceased,
            };
            if (fits)
            {
                return c;
            }
        }
    }

    /// <summary>Two adjacent letters in the middle of the given name swapped ("Hùng" → "Hnùg" is avoided: never the first letter).</summary>
    private static string SwapInGivenName(string fullName)
    {
        int start = fullName.LastIndexOf(' ') + 1;
        char[] chars = fullName.ToCharArray();
        int i = start + 1; // keep the initial: a slip inside the word, as typists make them
        (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
        return new string(chars);
    }

    /// <summary>Another day of the same year: not 01/01 (a placeholder) and not the day/month swap (both are tolerated).</summary>
    private static DateOnly OtherDay(DateOnly birth, Random rng)
    {
        while (true)
        {
            DateOnly other = new DateOnly(birth.Year, 1, 1).AddDays(rng.Next(DateTime.IsLeapYear(birth.Year) ? 366 : 365));
            if (other != birth && other is not { Month: 1, Day: 1 } && !(other.Day == birth.Month && other.Month == birth.Day))
            {
                return other;
            }
        }
    }

    /// <summary>A well-formed ID (the citizen's century, gender and year digits) that nobody holds.</summary>
    private static long Unheld(CitizenStore population, Citizen c)
    {
        long prefix = c.Id % 1_000_000_000L / 1_000_000L;
        for (long suffix = 999_999; ; suffix--)
        {
            long id = (c.BirthProvinceCode * 1_000L + prefix) * 1_000_000L + suffix;
            if (population.FindById(id) is null)
            {
                return id;
            }
        }
    }
}
