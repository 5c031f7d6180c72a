namespace DeAn06.Matching.Ids;

/// <summary>The outcome of checking an identifier's structure, with the cleaned digits as a number.</summary>
/// <param name="Kind">Personal ID, CMND, missing or invalid.</param>
/// <param name="BrokenRule">The first rule broken, or <see cref="IdRule.None"/>.</param>
/// <param name="Value">The digits as a number (leading zeros implied by the kind's length); 0 when invalid or missing.</param>
public readonly record struct IdCheck(IdKind Kind, IdRule BrokenRule, long Value)
{
    /// <summary>True for a well-formed personal ID or CMND.</summary>
    public bool IsValid => BrokenRule == IdRule.None && Kind is IdKind.PersonalId or IdKind.Cmnd;

    /// <summary>Plain-language reason for a broken rule, for error reports.</summary>
    public string Describe() => BrokenRule switch
    {
        IdRule.None => "valid",
        IdRule.NonDigit => "contains characters other than digits",
        IdRule.Length => "is neither a 12-digit personal ID number nor a 9-digit CMND number",
        IdRule.UnknownProvince => "digits 1–3 are not a province code",
        IdRule.GenderMismatch => "digit 4 contradicts the stated gender",
        IdRule.CenturyMismatch => "digit 4 contradicts the century of the stated birth year",
        IdRule.BirthYearMismatch => "digits 5–6 are not the last two digits of the stated birth year",
        _ => BrokenRule.ToString(),
    };
}
