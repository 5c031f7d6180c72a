using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeAn06.Cms;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Signing.OpenSsl;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// CMS (PKCS #7) detached signatures over exact body bytes: checks consumers' request signatures
/// (one policy, <see cref="DetachedCmsVerifier"/>) against their registered certificate chained to the project CA, offline and with that CA as the
/// only trust root (never the system store, no revocation lookups); signs responses as the gateway.
/// </summary>
internal sealed class MessageSignatures : IDisposable
{
    private readonly SignatureOptions _options;
    private readonly TimeProvider _time;
    private readonly X509Certificate2? _ca;
    private readonly X509Certificate2? _gateway;
    private readonly SignerIdentity? _gatewayIdentity;
    private readonly KeyPool? _gatewayKeys;
    private readonly ConcurrentDictionary<string, Registered> _consumers = new(StringComparer.Ordinal);

    // Chain verdicts per registered certificate: building a chain costs far more than checking a
    // signature, and the certificate is always the same registered one. Re-checked every 5 minutes.
    private readonly ConcurrentDictionary<string, (string? Problem, DateTimeOffset CheckedAt)> _chains = new(StringComparer.Ordinal);
    private static readonly TimeSpan ChainRecheck = TimeSpan.FromMinutes(5);

    private readonly ILogger _logger;

    public MessageSignatures(IOptions<SignatureOptions> options, TimeProvider time, ILogger<MessageSignatures> logger)
    {
        _logger = logger;
        _options = options.Value;
        _time = time;
        _ca = string.IsNullOrEmpty(_options.CaCertificatePath) ? null : X509Certificate2.CreateFromPem(File.ReadAllText(_options.CaCertificatePath));
        if (!string.IsNullOrEmpty(_options.GatewayCertificatePath) && !string.IsNullOrEmpty(_options.GatewayKeyPath))
        {
            using var pem = X509Certificate2.CreateFromPemFile(_options.GatewayCertificatePath, _options.GatewayKeyPath);
            // Round-trip through PKCS #12 so the key is usable by CMS signing on every platform.
            _gateway = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            _gatewayIdentity = SignerIdentity.Of(_gateway);
            string keyPem = File.ReadAllText(_options.GatewayKeyPath);
            _gatewayKeys = new KeyPool(() => OpenSslKeys.SigningKey(keyPem, logger));
        }

        if (_ca is not null || _gateway is not null)
        {
            // The one-off OpenSSL probe (an RSA key generation among it) at start-up, not in the first request.
            _ = OpenSslKeys.Available;
        }
    }

    public bool ChecksRequests => _ca is not null;

    public bool SignsResponses => _gateway is not null;

    public long MaxBodyBytes => _options.MaxBodyBytes;

    /// <summary>Null when the signature is good; otherwise why not.</summary>
    public string? Check(ReadOnlyMemory<byte> body, string? signature, Consumer consumer)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return $"The body must be signed: send a CMS detached signature (base64 DER) over the exact body bytes in {SignatureOptions.Header}.";
        }

        if (consumer.CertificatePath is null)
        {
            return "No signing certificate is registered for this client; ask the platform operator to register one.";
        }

        Registered registered = _consumers.GetOrAdd(consumer.CertificatePath, static (path, logger) => Registered.Load(path, logger), _logger);
        // Decoded into a pooled buffer (the verifier keeps nothing of it); whitespace is skipped, as FromBase64String does.
        byte[] encoded = ArrayPool<byte>.Shared.Rent(signature.Length / 4 * 3 + 3);
        CmsVerdict verdict;
        try
        {
            if (!Convert.TryFromBase64String(signature, encoded, out int length))
            {
                return $"{SignatureOptions.Header} must be base64 (DER CMS signature).";
            }

            // One strict verifier decides; a shape it does not handle is refused, never re-checked by a looser one.
            using KeyPool.Lease key = registered.Keys.Rent();
            verdict = DetachedCmsVerifier.Verify(body.Span, encoded.AsMemory(0, length), registered.Identity, key.Key);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(encoded);
        }

        if (verdict != CmsVerdict.Valid)
        {
            return verdict.Describe();
        }

        X509Certificate2 cert = registered.Certificate;

        DateTimeOffset now = _time.GetUtcNow();
        if (now > cert.NotAfter.ToUniversalTime() || now < cert.NotBefore.ToUniversalTime())
        {
            return "The signing certificate is outside its validity period.";
        }

        if (_chains.TryGetValue(consumer.CertificatePath, out var cached) && now - cached.CheckedAt < ChainRecheck)
        {
            return cached.Problem;
        }

        string? problem = CheckChain(cert, now);
        _chains[consumer.CertificatePath] = (problem, now);
        return problem;
    }

    private string? CheckChain(X509Certificate2 cert, DateTimeOffset now) =>
        DeAn06.Cms.OfflineChain.Problem(cert, [_ca!], now) is { } status ? $"The signing certificate does not chain to the platform CA: {status}" : null;

    /// <summary>The gateway's CMS detached signature over <paramref name="body"/>, base64 DER.</summary>
    public string Sign(ReadOnlySpan<byte> body)
    {
        using KeyPool.Lease key = _gatewayKeys!.Rent();
        return DetachedCms.SignBase64(body, (ECDsa)key.Key, _gatewayIdentity!, _time.GetUtcNow());
    }

    public void Dispose()
    {
        _ca?.Dispose();
        _gateway?.Dispose();
        _gatewayKeys?.Dispose();
        foreach (Registered c in _consumers.Values)
        {
            c.Certificate.Dispose();
            c.Keys.Dispose();
        }
    }

    private sealed record Registered(X509Certificate2 Certificate, SignerIdentity Identity, KeyPool Keys)
    {
        public static Registered Load(string path, ILogger logger)
        {
            X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            // ECDSA or RSA: whatever key the consumer's certificate holds (the verifier refuses other kinds).
            return new Registered(certificate, SignerIdentity.Of(certificate), new KeyPool(() =>
                (AsymmetricAlgorithm?)certificate.GetECDsaPublicKey()
                ?? (certificate.GetRSAPublicKey() is { } rsa ? OpenSslKeys.Verifier(rsa, logger) : null)
                ?? throw new CryptographicException("The registered certificate's key is neither ECDSA nor RSA.")));
        }
    }
}
