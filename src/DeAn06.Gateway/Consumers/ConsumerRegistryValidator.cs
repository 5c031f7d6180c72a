using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Consumers;

/// <summary>Start-up validation of the registry: every error at once, each with its setting's path.</summary>
internal sealed class ConsumerRegistryValidator : IValidateOptions<ConsumerRegistry>
{
    public ValidateOptionsResult Validate(string? name, ConsumerRegistry options)
    {
        IReadOnlyList<string> errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
