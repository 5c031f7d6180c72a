extern alias popdb;
using System.Globalization;
using System.Text;
using DeAn06.Contracts;
using DeAn06.Matching.Text;
using Citizen = popdb::DeAn06.PopulationDb.Population.Citizen;
using Store = popdb::DeAn06.PopulationDb.Population.CitizenStore;

namespace DeAn06.Verification.Tests.Support;

/// <summary>
/// A sector file built from the simulated population with a known verdict per line (tolerant policy):
/// as on record (MATCH, or DECEASED), without diacritics (MATCH/DECEASED), another birthday in the
/// same year (MISMATCH), no ID (MISSING_ID), birth-year digits wrong (INVALID_ID), a well-formed ID
/// nobody holds (NOT_FOUND), and unreadable lines (REJECTED).
/// </summary>
public sealed class Dataset
{
    private Dataset(List<(string Csv, string Verdict)> lines) => Lines = lines;

    public const string Header = "MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh";

    public IReadOnlyList<(string Csv, string Verdict)> Lines { get; }

    public string Csv => Header + "\n" + string.Join("\n", Lines.Select(l => l.Csv)) + "\n";

    public Dictionary<string, long> Expected() => Lines.GroupBy(l => l.Verdict).ToDictionary(g => g.Key, g => (long)g.Count());

    public static Dataset Build(Store store, int count, int seed = 1, bool withRejected = true)
    {
        var rng = new Random(seed);
        var lines = new List<(string, string)>(count);
        for (int n = 0; n < count; n++)
        {
            Citizen c = store[rng.Next(store.Count)];
            string id = c.Id.ToString("D12", CultureInfo.InvariantCulture);
            string date = c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            string gender = c.IsMale ? "Nam" : "Nữ";
            string onRecord = c.IsDeceased ? Verdicts.Deceased : Verdicts.Match;
            string reference = $"HS{n:D6}";
            int kind = rng.Next(withRejected ? 10 : 9);
            lines.Add(kind switch
            {
                0 or 1 or 2 => (Row(reference, id, c.FullName, date, gender), onRecord),
                3 => (Row(reference, id, VietnameseText.ToFolded(c.FullName).ToUpperInvariant(), date, gender), onRecord),
                4 when !c.BirthYearOnly && c.BirthDate is not { Month: 1, Day: 1 } => (Row(reference, id, c.FullName, OtherDay(c.BirthDate!.Value), gender), Verdicts.Mismatch),
                5 => (Row(reference, "", c.FullName, date, gender), Verdicts.MissingId),
                6 => (Row(reference, id[..4] + ((int.Parse(id[4..6], CultureInfo.InvariantCulture) + 1) % 100).ToString("D2", CultureInfo.InvariantCulture) + id[6..], c.FullName, date, gender), Verdicts.InvalidId),
                7 => (Row(reference, Unheld(store, c), c.FullName, date, gender), Verdicts.NotFound),
                9 => (rng.Next(3) switch
                {
                    0 => Row(reference, id, c.FullName, "32/13/1990", gender),
                    1 => $"{reference},{id},\"{c.FullName},{date},{gender}",
                    _ => $"{reference},{id},{c.FullName}",
                }, Verdicts.Rejected),
                _ => (Row(reference, id, c.FullName, date, gender), onRecord),
            });
        }

        return new Dataset(lines);
    }

    private static string Row(params string[] fields) => string.Join(',', fields.Select(f => f.Contains(',', StringComparison.Ordinal) ? $"\"{f}\"" : f));

    private static string OtherDay(DateOnly d)
    {
        DateOnly other = d.AddDays(d.Day <= 20 ? 3 : -3);
        return (other is { Month: 1, Day: 1 } || (other.Day == d.Month && other.Month == d.Day) ? d.AddDays(d.Day <= 20 ? 5 : -5) : other)
            .ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>A well-formed ID (province 096, the citizen's century/gender and year) that nobody holds.</summary>
    private static string Unheld(Store store, Citizen c)
    {
        long prefix = c.Id % 1_000_000_000L / 1_000_000L;
        for (long suffix = 999_999; ; suffix--)
        {
            long id = 96_000_000_000L + prefix * 1_000_000L + suffix;
            if (store.FindById(id) is null)
            {
                return id.ToString("D12", CultureInfo.InvariantCulture);
            }
        }
    }

    public static StringContent CsvContent(string csv) => new(csv, Encoding.UTF8, "text/csv");
}
