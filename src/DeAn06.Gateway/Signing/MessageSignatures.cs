using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using DeAn06.Gateway.Consumers;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// CMS (PKCS #7) detached signatures over exact body bytes: checks consumers' request signatures
/// against their registered certificate chained to the project CA, offline and with that CA as the
/// only trust root (never the system store, no revocation lookups); signs responses as the gateway.
/// </summary>
public sealed class MessageSignatures : IDisposable
{
    private readonly SignatureOptions _options;
    private readonly TimeProvider _time;
    private readonly X509Certificate2? _ca;
    private readonly X509Certificate2? _gateway;
    private readonly ConcurrentDictionary<string, X509Certificate2> _consumers = new(StringComparer.Ordinal);

    // Chain verdicts per registered certificate: building a chain costs far more than checking a
    // signature, and the certificate is always the same registered one. Re-checked every 5 minutes.
    private readonly ConcurrentDictionary<string, (string? Problem, DateTimeOffset CheckedAt)> _chains = new(StringComparer.Ordinal);
    private static readonly TimeSpan ChainRecheck = TimeSpan.FromMinutes(5);

    public MessageSignatures(IOptions<SignatureOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _ca = string.IsNullOrEmpty(_options.CaCertificatePath) ? null : X509Certificate2.CreateFromPem(File.ReadAllText(_options.CaCertificatePath));
        if (!string.IsNullOrEmpty(_options.GatewayCertificatePath) && !string.IsNullOrEmpty(_options.GatewayKeyPath))
        {
            using var pem = X509Certificate2.CreateFromPemFile(_options.GatewayCertificatePath, _options.GatewayKeyPath);
            // Round-trip through PKCS #12 so the key is usable by CMS signing on every platform.
            _gateway = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
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

        X509Certificate2 registered = _consumers.GetOrAdd(consumer.CertificatePath, p => X509Certificate2.CreateFromPem(File.ReadAllText(p)));
        var cms = new SignedCms(new ContentInfo(body.ToArray()), detached: true);
        try
        {
            cms.Decode(Convert.FromBase64String(signature.Trim()));
            cms.CheckSignature(verifySignatureOnly: true);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return "The signature does not match the body (altered after signing, or not a CMS signature).";
        }

        if (cms.SignerInfos is not [var signer] || signer.Certificate is not { } cert)
        {
            return "The signature must have exactly one signer and include the signer's certificate.";
        }

        if (!cert.RawDataMemory.Span.SequenceEqual(registered.RawDataMemory.Span))
        {
            return "The body was signed with a certificate other than the one registered for this client.";
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (now > registered.NotAfter.ToUniversalTime() || now < registered.NotBefore.ToUniversalTime())
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

    private string? CheckChain(X509Certificate2 cert, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(cert) ? null : $"The signing certificate does not chain to the platform CA: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))}";
    }

    /// <summary>The gateway's CMS detached signature over <paramref name="body"/>, base64 DER.</summary>
    public string Sign(byte[] body)
    {
        var cms = new SignedCms(new ContentInfo(body), detached: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _gateway!) { IncludeOption = X509IncludeOption.EndCertOnly }, silent: true);
        return Convert.ToBase64String(cms.Encode());
    }

    public void Dispose()
    {
        _ca?.Dispose();
        _gateway?.Dispose();
        foreach (X509Certificate2 c in _consumers.Values)
        {
            c.Dispose();
        }
    }
}
