using System.ComponentModel.DataAnnotations;

namespace DeAn06.Verification.Callers;

/// <summary>How the service trusts that a call came through the gateway. Section "Callers".</summary>
public sealed class CallerOptions : IValidatableObject
{
    public const string SectionName = "Callers";

    /// <summary>"SharedSecret" (the gateway presents <see cref="GatewaySecret"/>) or "Loopback" (callers on 127.0.0.0/8 or ::1). The default value is SharedSecret.</summary>
    public CallerTrust Trust { get; set; } = CallerTrust.SharedSecret;

    /// <summary>The secret the gateway sends in X-DeAn06-Gateway-Secret; at least 16 characters with SharedSecret.</summary>
    public string? GatewaySecret { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Trust == CallerTrust.SharedSecret && (GatewaySecret is null || GatewaySecret.Length < 16))
        {
            yield return new ValidationResult("Callers:GatewaySecret must be set (16+ characters) when Callers:Trust is SharedSecret.", [nameof(GatewaySecret)]);
        }
    }
}

/// <summary>How callers are trusted.</summary>
public enum CallerTrust
{
    SharedSecret,
    Loopback,
}
