using System.ComponentModel.DataAnnotations;

namespace DeAn06.Gateway;

/// <summary>Section "Gateway".</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Sent to the verification service as X-DeAn06-Gateway-Secret (16+ characters); must equal its Callers:GatewaySecret.</summary>
    [Required]
    [MinLength(16)]
    public string UpstreamSecret { get; set; } = "";

    /// <summary>Requests proxied at once across all consumers; more are refused with 429. The default value is 512.</summary>
    [Range(1, 100_000)]
    public int GlobalConcurrency { get; set; } = 512;
}
