using DeAn06.Matching.Policies;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Extensions;

/// <summary>Reports every matching-configuration error at start-up, each with its setting's path.</summary>
internal sealed class MatchingOptionsValidator : IValidateOptions<MatchingOptions>
{
    public ValidateOptionsResult Validate(string? name, MatchingOptions options)
    {
        IReadOnlyList<string> errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
