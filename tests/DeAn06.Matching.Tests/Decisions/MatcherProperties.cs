using System.Globalization;
using DeAn06.Matching.Comparison;
using DeAn06.Matching.Dates;
using DeAn06.Matching.Decisions;
using DeAn06.Matching.Genders;
using DeAn06.Matching.Ids;
using DeAn06.Matching.Names;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;
using DeAn06.Matching.Tests.Names;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeAn06.Matching.Tests.Decisions;

/// <summary>Record-level invariants of the matcher over generated population-DB records.</summary>
public sealed class MatcherProperties
{
    private const string Letters = "abcdeghiklmnopqrstuvxyăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ";

    /// <summary>A citizen as the population DB holds it: a valid personal ID for its birth year and gender, often an old CMND too.</summary>
    private static Gen<ReferenceRecord> Reference =>
        from province in Gen.Elements(ProvinceCodes.All.ToArray())
        from year in Gen.Choose(1920, 2024)
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, 31)
        from yearOnly in Gen.Frequency((1, Gen.Constant(true)), (9, Gen.Constant(false)))
        from male in Gen.Elements(true, false)
        from serial in Gen.Choose(0, 999_999)
        from cmnd in Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Choose(100_000_000, 999_999_999)))
        from name in NameComparerProperties.Name
        let century = ((year - 1900) / 100 * 2) + (male ? 0 : 1)
        let id = (province * 1_000_000_000L) + (century * 100_000_000L) + (year % 100 * 1_000_000L) + serial
        select new ReferenceRecord(id, cmnd, name, yearOnly ? BirthDate.YearOnly(year) : new BirthDate(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)), DatePrecision.Day),
            male ? Gender.Male : Gender.Female, IsDeceased: false);

    /// <summary>
    /// A record sent exactly as the population DB writes it (ID or CMND, name, yyyyMMdd or yyyy, QCVN
    /// gender code) is EXACT on every field it carries, and matches under every policy.
    /// </summary>
    [Property(MaxTest = 500)]
    public Property Decide_RecordComparedWithItself_ExactOnEveryField() =>
        Prop.ForAll(
            (from r in Reference from byCmnd in Gen.Elements(true, false) select (r, byCmnd: byCmnd && r.Cmnd != 0)).ToArbitrary(),
            t =>
            {
                ReferenceRecord r = t.r;
                string date = r.BirthDate.Precision == DatePrecision.Year
                    ? r.BirthDate.Year.ToString("D4", CultureInfo.InvariantCulture)
                    : r.BirthDate.Number.ToString("D8", CultureInfo.InvariantCulture);
                string id = t.byCmnd ? r.Cmnd.ToString("D9", CultureInfo.InvariantCulture) : r.Id.ToString("D12", CultureInfo.InvariantCulture);
                var sector = new SectorRecord(id, r.FullName, date, r.Gender == Gender.Male ? "1" : "2");
                MatchDecision strict = Matcher.Decide(sector, r, MatchPolicies.Strict);
                MatchDecision tolerant = Matcher.Decide(sector, r, MatchPolicies.Tolerant);
                RecordComparison c = strict.Comparison;
                return (c.Name == FieldComparison.Exact
                        && c.BirthDate == FieldComparison.Exact
                        && c.Gender == FieldComparison.Exact
                        && c.Cmnd == (t.byCmnd ? FieldComparison.Exact : FieldComparison.Absent)
                        && strict.Verdict == Verdict.Match && tolerant.Verdict == Verdict.Match)
                    .Label($"{sector} against {r}: {strict.Verdict} {c}");
            });

    /// <summary>
    /// One typing slip in a name (a letter inserted, dropped, replaced, or two neighbours swapped) is
    /// never EXACT, whatever else the policy makes of it.
    /// </summary>
    [Property(MaxTest = 1000)]
    public Property Compare_NameWithOneEditTypo_NeverExact() =>
        Prop.ForAll(
            (from name in NameComparerProperties.Name
             from kind in Gen.Choose(0, 3)
             from at in Gen.Choose(0, 1000)
             from letter in Gen.Elements(Letters.ToCharArray())
             select (name, typo: Edit(name, kind, at, letter)))
            .Where(t => t.typo != t.name)
            .ToArbitrary(),
            t =>
            {
                FieldComparison c = NameComparer.Compare(t.typo, t.name);
                return (c.Level != MatchLevel.Exact).Label($"'{t.typo}' against '{t.name}': {c}");
            });

    private static string Edit(string name, int kind, int at, char letter)
    {
        int i = at % name.Length;
        return kind switch
        {
            0 => name.Insert(i, letter.ToString()),
            1 => name.Remove(i, 1),
            2 => string.Concat(name.AsSpan(0, i), letter.ToString(), name.AsSpan(i + 1)),
            _ when i + 1 < name.Length => string.Concat(name.AsSpan(0, i), name[i + 1].ToString(), name[i].ToString(), name.AsSpan(i + 2)),
            _ => name,
        };
    }
}
