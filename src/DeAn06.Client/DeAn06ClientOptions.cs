using System.Security.Cryptography.X509Certificates;

namespace DeAn06.Client;

/// <summary>How a sector system reaches the gateway and proves who it is.</summary>
public sealed record DeAn06ClientOptions
{
    /// <summary>The extended key usage OID that marks the gateway's response-signing certificate.</summary>
    public const string GatewayResponseSigningEku = DeAn06.Cms.CmsOids.GatewayResponseSigning;

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

    /// <summary>A token is renewed this long before it expires. The default value is 30 seconds.</summary>
    public TimeSpan TokenRenewal { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often <see cref="DeAn06Client.FollowJobAsync"/> asks for progress. The default value is 1 second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one attempt may take, until the answer's headers (a batch part of 400,000 records is
    /// stored before the gateway answers). The default value is 100 seconds (HttpClient's own default).
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How many times a transient failure is retried (after the gateway's Retry-After when it gives one,
    /// else 2 s, 4 s, 8 s … with jitter). The default value is 3; 0 turns retries off.
    /// </summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>Reads the options, certificates and keys from PEM files (certificate and key side by side).</summary>
    public static DeAn06ClientOptions FromPem(Uri gateway, string clientId, string clientSecret, string? certificatePem, string? keyPem, string? caPem) => new()
    {
        GatewayAddress = gateway,
        ClientId = clientId,
        ClientSecret = clientSecret,
        SigningCertificate = certificatePem is null || keyPem is null ? null : LoadWithKey(certificatePem, keyPem),
        PlatformCa = caPem is null ? null : X509CertificateLoader.LoadCertificateFromFile(caPem),
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting at once.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (GatewayAddress is null || !GatewayAddress.IsAbsoluteUri)
        {
            problems.Add("GatewayAddress must be an absolute http(s) address, e.g. http://127.0.0.1:5300/.");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add("ClientId is required.");
        }

        if (GatewayCertificateSha256 is not null && GatewayPin is null)
        {
            problems.Add("GatewayCertificateSha256 must be the certificate's SHA-256 as 64 hex digits (colons allowed).");
        }

        if (TokenRenewal < TimeSpan.Zero)
        {
            problems.Add("TokenRenewal must not be negative.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            problems.Add("PollInterval must be positive.");
        }

        if (AttemptTimeout < TimeSpan.FromSeconds(1))
        {
            problems.Add("AttemptTimeout must be at least 1 second.");
        }

        if (MaxRetryAttempts is < 0 or > 10)
        {
            problems.Add("MaxRetryAttempts must be between 0 and 10.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("The DeAn06 client options are invalid: " + string.Join(" ", problems));
        }
    }

    /// <summary>The options without the secret or keys, fit for a log line.</summary>
    public override string ToString() =>
        $"DeAn06ClientOptions {{ GatewayAddress = {GatewayAddress}, ClientId = {ClientId}, SigningCertificate = {SigningCertificate?.Subject}, " +
        $"PlatformCa = {PlatformCa?.Subject}, GatewayCertificateSha256 = {GatewayCertificateSha256} }}";

    /// <summary>The pin as 64 hex digits without colons, or null when unset or malformed.</summary>
    internal string? GatewayPin =>
        GatewayCertificateSha256?.Replace(":", "", StringComparison.Ordinal).Trim() is { Length: 64 } pin && pin.All(char.IsAsciiHexDigit) ? pin : null;

    private static X509Certificate2 LoadWithKey(string certificatePem, string keyPem)
    {
        // Through PKCS #12 so the key works for CMS signing on every platform.
        using var pem = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
