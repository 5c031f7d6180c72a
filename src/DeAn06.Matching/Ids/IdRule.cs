namespace DeAn06.Matching.Ids;

/// <summary>The structure rule an identifier broke (Decree 137/2015 art. 13; Thông tư 59/2021/TT-BCA).</summary>
public enum IdRule : byte
{
    /// <summary>No rule broken.</summary>
    None = 0,

    /// <summary>Characters other than digits (after removing spaces, dots and dashes).</summary>
    NonDigit,

    /// <summary>Neither 12 digits (personal ID) nor 9 digits (CMND).</summary>
    Length,

    /// <summary>Digits 1–3 are not one of the 63 province codes.</summary>
    UnknownProvince,

    /// <summary>Digit 4 says male (even) or female (odd), and the record says the other.</summary>
    GenderMismatch,

    /// <summary>Digit 4 gives a century (0/1 → 1900s, 2/3 → 2000s, …) other than the record's birth year's.</summary>
    CenturyMismatch,

    /// <summary>Digits 5–6 are not the last two digits of the record's birth year.</summary>
    BirthYearMismatch,
}
