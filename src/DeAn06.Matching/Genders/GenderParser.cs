using DeAn06.Matching.Text;

namespace DeAn06.Matching.Genders;

/// <summary>Reads Nam/Nữ (any case or Unicode form, with or without diacritics), M/F, Male/Female and digit codes.</summary>
public static class GenderParser
{
    public static Gender Parse(ReadOnlySpan<char> text, GenderCoding coding = GenderCoding.Qcvn)
    {
        text = text.Trim();
        if (text.IsEmpty || text.Length > 12)
        {
            return Gender.Unknown;
        }

        if (text.Length == 1 && text[0] is '0' or '1' or '2')
        {
            return text[0] switch
            {
                '1' => Gender.Male,
                '2' => Gender.Female,
                _ => coding == GenderCoding.OneZero ? Gender.Female : Gender.Unknown,
            };
        }

        Span<char> buffer = stackalloc char[16];
        ReadOnlySpan<char> folded = buffer[..VietnameseText.ToFolded(text, buffer)];
        return folded switch
        {
            "nam" or "m" or "male" => Gender.Male,
            "nu" or "f" or "female" => Gender.Female,
            _ => Gender.Unknown,
        };
    }
}
