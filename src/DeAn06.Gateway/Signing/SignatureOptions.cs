namespace DeAn06.Gateway.Signing;

/// <summary>
/// Section "Signatures". With <see cref="CaCertificatePath"/> set, every request with a body must carry
/// a CMS detached signature (X-DeAn06-Signature, base64 DER) by the consumer's registered certificate,
/// which must chain to this CA; with the gateway's certificate and key set, responses are signed.
/// </summary>
internal sealed class SignatureOptions
{
    public const string SectionName = "Signatures";
    public const string Header = "X-DeAn06-Signature";

    /// <summary>The only trust root for consumers' certificates (PEM). Empty: request signatures are not checked.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>The gateway's certificate (PEM) for signing responses.</summary>
    public string? GatewayCertificatePath { get; set; }

    /// <summary>The gateway certificate's private key (PEM).</summary>
    public string? GatewayKeyPath { get; set; }

    /// <summary>Largest body signed or checked, in bytes (bodies are held in memory to sign). The default value is 64 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;
}
