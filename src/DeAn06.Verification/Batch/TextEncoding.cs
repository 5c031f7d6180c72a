using DeAn06.Verification.Errors;

namespace DeAn06.Verification.Batch;

/// <summary>
/// Batch files must be UTF-8. The upload is decoded with replacement, so a byte that is not UTF-8 (a
/// file saved as Windows-1258 or TCVN3, Excel's "CSV" in a Vietnamese locale) arrives as U+FFFD; such
/// a file is refused whole, naming the first such line, because every Vietnamese name in it is
/// garbled and would be counted as a mismatch. We refuse rather than guess the code page: Windows-1258
/// and TCVN3 share byte values, and a wrong guess would again give wrong names. A U+FFFD sent as such
/// is refused too: it marks text damaged by an earlier conversion, just as wrong.
/// </summary>
internal static class TextEncoding
{
    public const char Replacement = '\uFFFD';

    public static void Check(string text, long line)
    {
        if (text.Contains(Replacement, StringComparison.Ordinal))
        {
            throw new BatchFileException(ErrorCode.InvalidEncoding,
                $"Line {line} is not UTF-8 text (the file looks saved in another encoding, e.g. Windows-1258 or TCVN3); save it as UTF-8 (Excel: \"CSV UTF-8\") and send it again. Nothing was checked.");
        }
    }
}
