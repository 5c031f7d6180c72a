using System.ComponentModel.DataAnnotations;

namespace DeAn06.Gateway.Tokens;

/// <summary>Section "Tokens": the access tokens the gateway issues and accepts.</summary>
internal sealed class TokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>The "iss" of issued tokens. The default value is "dean06-gateway".</summary>
    [Required]
    public string Issuer { get; set; } = "dean06-gateway";

    /// <summary>The "aud" tokens must carry. The default value is "dean06-api".</summary>
    [Required]
    public string Audience { get; set; } = "dean06-api";

    /// <summary>Token lifetime. The default value is 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Clock skew tolerated when checking lifetimes. The default value is 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Folder of the ES256 signing keys (PEM); created with two keys if empty. The default value is "data/keys".</summary>
    [Required]
    public string KeysPath { get; set; } = "data/keys";
}
