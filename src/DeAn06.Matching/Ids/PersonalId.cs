using DeAn06.Matching.Genders;
using DeAn06.Matching.Text;

namespace DeAn06.Matching.Ids;

/// <summary>
/// Checks a personal ID number's structure without any look-up: digits 1–3 the province of birth
/// registration, digit 4 century and gender (1900s 0/1, 2000s 2/3, 2100s 4/5 …; even = male),
/// digits 5–6 the last two digits of the birth year. 9 digits are recognised as an old CMND.
/// </summary>
public static class PersonalId
{
    /// <summary>The length of a personal ID number.</summary>
    public const int Length = 12;

    /// <summary>The length of an old CMND number.</summary>
    public const int CmndLength = 9;

    /// <summary>
    /// Cleans (drops spaces, dots, dashes and invisible format characters such as U+200B, U+FEFF) and checks <paramref name="raw"/>; when
    /// <paramref name="gender"/> or <paramref name="birthYear"/> is known, checks digit 4 and digits 5–6 against them.
    /// </summary>
    public static IdCheck Check(ReadOnlySpan<char> raw, Gender gender = Gender.Unknown, int birthYear = 0)
    {
        Span<char> digits = stackalloc char[16];
        int n = 0;
        bool any = false;
        foreach (char c in raw)
        {
            if (c is ' ' or '.' or '-' or '\t' or '\u00A0' || VietnameseText.IsFormatCharacter(c))
            {
                continue;
            }

            any = true;
            if (c is < '0' or > '9')
            {
                return new IdCheck(IdKind.Invalid, IdRule.NonDigit, 0);
            }

            if (n == digits.Length)
            {
                return new IdCheck(IdKind.Invalid, IdRule.Length, 0);
            }

            digits[n++] = c;
        }

        if (!any)
        {
            return new IdCheck(IdKind.Missing, IdRule.None, 0);
        }

        long value = 0;
        for (int i = 0; i < n; i++)
        {
            value = value * 10 + (digits[i] - '0');
        }

        if (n == CmndLength)
        {
            return new IdCheck(IdKind.Cmnd, IdRule.None, value);
        }

        if (n != Length)
        {
            return new IdCheck(IdKind.Invalid, IdRule.Length, 0);
        }

        IdRule rule = CheckStructure(value, gender, birthYear);
        return new IdCheck(rule == IdRule.None ? IdKind.PersonalId : IdKind.Invalid, rule, rule == IdRule.None ? value : 0);
    }

    /// <summary>Checks the rules on a 12-digit value; see <see cref="Check"/>.</summary>
    public static IdRule CheckStructure(long value, Gender gender = Gender.Unknown, int birthYear = 0)
    {
        int province = (int)(value / 1_000_000_000L);
        int centuryGender = (int)(value / 100_000_000L % 10);
        int yy = (int)(value / 1_000_000L % 100);
        if (!ProvinceCodes.IsKnown(province))
        {
            return IdRule.UnknownProvince;
        }

        if (gender != Gender.Unknown && (centuryGender % 2 == 0) != (gender == Gender.Male))
        {
            return IdRule.GenderMismatch;
        }

        if (birthYear > 0)
        {
            if (1900 + (centuryGender / 2 * 100) != birthYear / 100 * 100)
            {
                return IdRule.CenturyMismatch;
            }

            if (yy != birthYear % 100)
            {
                return IdRule.BirthYearMismatch;
            }
        }

        return IdRule.None;
    }

    /// <summary>The birth year digits 4–6 imply (e.g. 2 and 05 → 2005).</summary>
    public static int ImpliedBirthYear(long value) => 1900 + ((int)(value / 100_000_000L % 10) / 2 * 100) + (int)(value / 1_000_000L % 100);

    /// <summary>The gender digit 4 implies.</summary>
    public static Gender ImpliedGender(long value) => value / 100_000_000L % 2 == 0 ? Gender.Male : Gender.Female;

    /// <summary>Masks all but the province code and the last two digits: "006*******23". Never log more.</summary>
    public static string Mask(long value, IdKind kind = IdKind.PersonalId)
    {
        int length = kind == IdKind.Cmnd ? CmndLength : Length;
        Span<char> digits = stackalloc char[length];
        long v = value;
        for (int i = length - 1; i >= 0; i--)
        {
            digits[i] = (char)('0' + (v % 10));
            v /= 10;
        }

        int keepHead = kind == IdKind.Cmnd ? 2 : 3;
        for (int i = keepHead; i < length - 2; i++)
        {
            digits[i] = '*';
        }

        return new string(digits);
    }
}
