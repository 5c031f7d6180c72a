using System.Security.Cryptography.X509Certificates;

namespace DeAn06.Client;

/// <summary>How a sector system reaches the gateway and proves who it is.</summary>
public sealed class DeAn06ClientOptions
{
    /// <summary>The gateway, e.g. <c>http://127.0.0.1:5300/</c>.</summary>
    public required Uri GatewayAddress { get; init; }

    /// <summary>The client id registered with the gateway (e.g. <c>BHXH</c>).</summary>
    public required string ClientId { get; init; }

    /// <summary>The client secret issued with the registration.</summary>
    public required string ClientSecret { get; init; }

    /// <summary>
    /// The registered signing certificate with its private key; every request body is signed with it
    /// (CMS, detached). Null only for gateways that do not check request signatures.
    /// </summary>
    public X509Certificate2? SigningCertificate { get; init; }

    /// <summary>
    /// The platform CA. When set, every signed response must carry a gateway signature over its exact
    /// bytes (detached CMS, one signer, SHA-256/384/512) by the gateway's response-signing certificate:
    /// chained to this CA and carrying the extended key usage <see cref="GatewayResponseSigningEku"/>,
    /// which client certificates never carry. Otherwise the call fails with <see cref="DeAn06SignatureException"/>.
    /// </summary>
    public X509Certificate2? PlatformCa { get; init; }

    /// <summary>
    /// Optional pin: the SHA-256 (hex, colons allowed) of the gateway's response-signing certificate.
    /// When set, answers signed by any other certificate are refused, even one the CA issued with the
    /// gateway's extended key usage. Null (the default): any such certificate of the platform CA.
    /// </summary>
    public string? GatewayCertificateSha256 { get; init; }

    /// <summary>The extended key usage OID that marks the gateway's response-signing certificate.</summary>
    public const string GatewayResponseSigningEku = DeAn06.Cms.CmsOids.GatewayResponseSigning;

    /// <summary>A token is renewed this long before it expires. The default value is 30 seconds.</summary>
    public TimeSpan TokenRenewal { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often <see cref="DeAn06Client.FollowJobAsync"/> asks for progress. The default value is 1 second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Reads the options, certificates and keys from PEM files (certificate and key side by side).</summary>
    public static DeAn06ClientOptions FromPem(Uri gateway, string clientId, string clientSecret, string? certificatePem, string? keyPem, string? caPem) => new()
    {
        GatewayAddress = gateway,
        ClientId = clientId,
        ClientSecret = clientSecret,
        SigningCertificate = certificatePem is null || keyPem is null ? null : LoadWithKey(certificatePem, keyPem),
        PlatformCa = caPem is null ? null : X509CertificateLoader.LoadCertificateFromFile(caPem),
    };

    private static X509Certificate2 LoadWithKey(string certificatePem, string keyPem)
    {
        // Through PKCS #12 so the key works for CMS signing on every platform.
        using var pem = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
