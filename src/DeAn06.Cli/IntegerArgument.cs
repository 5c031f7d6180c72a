using System.CommandLine.Parsing;
using System.Globalization;

namespace DeAn06.Cli;

/// <summary>
/// Whole-number options read with a message a person can act on ("--scale must be a whole number (got
/// 'abc')"), instead of System.CommandLine's "expected type 'System.Int32'".
/// </summary>
internal static class IntegerArgument
{
    public static Func<ArgumentResult, int> Parser(string optionName, int defaultValue) => result =>
    {
        if (result.Tokens.Count == 0)
        {
            return defaultValue;
        }

        string token = result.Tokens[^1].Value;
        if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        result.AddError($"{optionName} must be a whole number (got '{token}').");
        return 0;
    };
}
