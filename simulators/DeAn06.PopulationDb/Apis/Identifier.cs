namespace DeAn06.PopulationDb.Apis;

/// <summary>A 12-digit personal ID number or a 9-digit CMND number, as the API accepts them: digits only.</summary>
internal readonly record struct Identifier(long Value, bool IsCmnd)
{
    public static bool TryParse(string? text, out Identifier identifier)
    {
        identifier = default;
        if (text is null || (text.Length != 12 && text.Length != 9))
        {
            return false;
        }

        long value = 0;
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        identifier = new Identifier(value, text.Length == 9);
        return true;
    }

    public static string Describe(string? text) => text switch
    {
        null => "is missing",
        "" => "is empty",
        _ when text.Any(c => c is < '0' or > '9') => "must contain digits only (no spaces, dots or letters)",
        _ => $"has {text.Length} digits; a personal ID number has 12 and a CMND number 9",
    };
}
