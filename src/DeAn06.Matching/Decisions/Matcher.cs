using System.Globalization;
using DeAn06.Matching.Comparison;
using DeAn06.Matching.Dates;
using DeAn06.Matching.Genders;
using DeAn06.Matching.Ids;
using DeAn06.Matching.Names;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;

namespace DeAn06.Matching.Decisions;

/// <summary>Decides whether a sector record and a population-DB record are the same person, and why not.</summary>
public static class Matcher
{
    /// <summary>
    /// Checks the record's identifier first (MISSING_ID, INVALID_ID need no look-up), then, given the
    /// population-DB record found for it (null: NOT_FOUND), compares field by field under
    /// <paramref name="policy"/>. A match on a deceased citizen is DECEASED. Allocation-free for NFC input.
    /// </summary>
    public static MatchDecision Decide(in SectorRecord sector, in ReferenceRecord? reference, MatchPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        IdCheck id = CheckId(sector, out BirthDate sectorDate, out Gender sectorGender);
        if (id.Kind == IdKind.Missing)
        {
            return new MatchDecision(Verdict.MissingId, default, MatchField.None, id, 0f);
        }

        if (!id.IsValid)
        {
            return new MatchDecision(Verdict.InvalidId, default, MatchField.None, id, 0f);
        }

        if (reference is not { } r)
        {
            return new MatchDecision(Verdict.NotFound, default, MatchField.None, id, 0f);
        }

        RecordComparison comparison = Compare(sector, sectorDate, sectorGender, id, r);
        bool match = policy.Accepts(comparison, out MatchField differing, out float score);
        Verdict verdict = !match ? Verdict.Mismatch : r.IsDeceased ? Verdict.Deceased : Verdict.Match;
        return new MatchDecision(verdict, comparison, differing, id, score);
    }

    /// <summary>
    /// The identifier check alone, against the record's own stated birth year. The stated gender is not
    /// held against digit 4: a wrong gender on a correct ID is wrong personal information (MISMATCH on
    /// the gender once the citizen is found: "thông tin cá nhân sai lệch"), not an invalid ID.
    /// </summary>
    public static IdCheck CheckId(in SectorRecord sector, out BirthDate date, out Gender gender)
    {
        if (!BirthDate.TryParse(sector.BirthDate, out date))
        {
            date = BirthDate.None;
        }

        gender = GenderParser.Parse(sector.Gender, sector.GenderCoding);
        return PersonalId.Check(sector.Id, Gender.Unknown, date.IsNone ? 0 : date.Year);
    }

    /// <summary>Compares every field; no policy applied.</summary>
    public static RecordComparison Compare(in SectorRecord sector, in BirthDate sectorDate, Gender sectorGender, IdCheck id, in ReferenceRecord r)
    {
        FieldComparison name = NameComparer.Compare(sector.FullName, r.FullName);
        FieldComparison date = BirthDateComparer.Compare(sectorDate, r.BirthDate, SameDateText(sector.BirthDate, r.BirthDate));
        FieldComparison gender = sectorGender == Gender.Unknown || r.Gender == Gender.Unknown ? FieldComparison.Absent
            : sectorGender != r.Gender ? FieldComparison.Different
            : sector.Gender.AsSpan().Trim().SequenceEqual(r.Gender == Gender.Male ? "1" : "2") ? FieldComparison.Exact
            : FieldComparison.Equivalent;
        FieldComparison cmnd = id.Kind != IdKind.Cmnd ? FieldComparison.Absent
            : id.Value == r.Cmnd ? FieldComparison.Exact
            : FieldComparison.Different;
        return new RecordComparison(name, date, gender, cmnd);
    }

    /// <summary>True when the sector wrote the date exactly as the population DB does (yyyyMMdd or yyyy).</summary>
    private static bool SameDateText(string? text, in BirthDate reference)
    {
        if (text is null || reference.IsNone)
        {
            return false;
        }

        Span<char> canonical = stackalloc char[8];
        int value = reference.Precision == DatePrecision.Year ? reference.Year : reference.Number;
        value.TryFormat(canonical, out int written, reference.Precision == DatePrecision.Year ? "D4" : "D8", CultureInfo.InvariantCulture);
        return text.AsSpan().Trim().SequenceEqual(canonical[..written]);
    }
}
