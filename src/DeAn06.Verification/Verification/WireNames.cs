using DeAn06.Contracts;
using DeAn06.Matching.Comparison;
using DeAn06.Matching.Decisions;
using DeAn06.Matching.Ids;

namespace DeAn06.Verification.Verification;

/// <summary>Engine enums as the API writes them.</summary>
internal static class WireNames
{
    public static string Of(Verdict v) => v switch
    {
        Verdict.Match => Verdicts.Match,
        Verdict.Mismatch => Verdicts.Mismatch,
        Verdict.NotFound => Verdicts.NotFound,
        Verdict.MissingId => Verdicts.MissingId,
        Verdict.InvalidId => Verdicts.InvalidId,
        Verdict.Deceased => Verdicts.Deceased,
        _ => Verdicts.UpstreamUnavailable,
    };

    public static string Of(MatchLevel level) => level switch
    {
        MatchLevel.Exact => "EXACT",
        MatchLevel.Equivalent => "EQUIVALENT",
        MatchLevel.NoDiacritics => "NO_DIACRITICS",
        MatchLevel.Partial => "PARTIAL",
        MatchLevel.Fuzzy => "FUZZY",
        MatchLevel.Different => "DIFFERENT",
        _ => "ABSENT",
    };

    /// <summary>QCVN 109 name of a compared field.</summary>
    public static string Of(MatchField field) => field switch
    {
        MatchField.Name => "HoVaTen",
        MatchField.BirthDate => "NgayThangNamSinh",
        MatchField.Gender => "GioiTinh",
        _ => "SoCMND",
    };

    public static string? Of(IdRule rule) => rule switch
    {
        IdRule.None => null,
        IdRule.NonDigit => "NON_DIGIT",
        IdRule.Length => "LENGTH",
        IdRule.UnknownProvince => "UNKNOWN_PROVINCE",
        IdRule.GenderMismatch => "GENDER_MISMATCH",
        IdRule.CenturyMismatch => "CENTURY_MISMATCH",
        _ => "BIRTH_YEAR_MISMATCH",
    };
}
