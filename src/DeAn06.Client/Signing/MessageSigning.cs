using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using DeAn06.Cms;

namespace DeAn06.Client;

/// <summary>
/// CMS detached signatures: signs request bodies with the client's certificate; checks the gateway's
/// signature on answers with the platform's one signature policy (<see cref="DetachedCmsVerifier"/>),
/// by a certificate that carries the gateway response-signing extended key usage and chains to the
/// platform CA only (offline, no system store, no revocation look-ups), optionally pinned.
/// </summary>
internal sealed class MessageSigning(X509Certificate2? signer, X509Certificate2? platformCa, string? pinnedGatewaySha256, TimeProvider time)
{
    public const string Header = "X-DeAn06-Signature";

    // Accepted gateway certificates by SHA-256 of their DER; refused ones are not kept (an attacker
    // could otherwise fill the cache), they are checked again and refused again.
    private readonly ConcurrentDictionary<string, GatewaySigner> _accepted = new(StringComparer.Ordinal);

    /// <summary>True when request bodies are signed (a signing certificate is set).</summary>
    public bool SignsRequests => signer is not null;

    /// <summary>True when answers must carry the gateway's signature (the platform CA is set).</summary>
    public bool ChecksAnswers => platformCa is not null;

    /// <summary>Base64 DER detached signature with the signing time, or null without a certificate.</summary>
    public string? Sign(byte[] body)
    {
        if (signer is null)
        {
            return null;
        }

        var cms = new SignedCms(new ContentInfo(body), detached: true);
        // The signing time also makes SignedCms write the content-type and message-digest signed
        // attributes, which the gateway requires.
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer) { IncludeOption = X509IncludeOption.EndCertOnly };
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(time.GetUtcNow().UtcDateTime));
        cms.ComputeSignature(cmsSigner, silent: true);
        return Convert.ToBase64String(cms.Encode());
    }

    /// <summary>Throws <see cref="DeAn06SignatureException"/> unless the gateway signed exactly these bytes.</summary>
    public void CheckResponse(byte[] body, string? signature)
    {
        if (platformCa is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(signature))
        {
            throw new DeAn06SignatureException($"The answer carries no {Header}; it cannot be shown to come from the platform.");
        }

        byte[] encoded;
        try
        {
            encoded = Convert.FromBase64String(signature.Trim());
        }
        catch (FormatException ex)
        {
            throw new DeAn06SignatureException($"The answer's {Header} is not base64 (altered in transit, or not a CMS signature).", ex);
        }

        if (!DetachedCmsVerifier.TryReadOnlyCertificate(encoded, out ReadOnlyMemory<byte> certificate))
        {
            throw new DeAn06SignatureException("The answer's signature is not a CMS SignedData carrying the gateway's certificate and no other.");
        }

        GatewaySigner gateway = Accept(certificate);
        CmsVerdict verdict;
        using (AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)gateway.Certificate.GetECDsaPublicKey() ?? gateway.Certificate.GetRSAPublicKey())
        {
            verdict = key is null ? CmsVerdict.SignatureAlgorithmInconsistent : DetachedCmsVerifier.Verify(body, encoded, gateway.Identity, key);
        }

        if (verdict != CmsVerdict.Valid)
        {
            throw new DeAn06SignatureException($"The answer's signature was refused: {verdict.Describe()}");
        }
    }

    /// <summary>The answer's signer if it is the gateway's response-signing certificate; throws otherwise.</summary>
    private GatewaySigner Accept(ReadOnlyMemory<byte> certificate)
    {
        string sha256 = Convert.ToHexString(SHA256.HashData(certificate.Span));
        DateTimeOffset now = time.GetUtcNow();
        if (!_accepted.TryGetValue(sha256, out GatewaySigner? gateway))
        {
            X509Certificate2 cert;
            try
            {
                cert = X509CertificateLoader.LoadCertificate(certificate.Span);
            }
            catch (CryptographicException ex)
            {
                throw new DeAn06SignatureException("The answer's signature carries a certificate that cannot be read.", ex);
            }

            if (Refusal(cert, sha256, now) is { } problem)
            {
                cert.Dispose();
                throw new DeAn06SignatureException(problem);
            }

            gateway = _accepted.GetOrAdd(sha256, new GatewaySigner(cert, SignerIdentity.Of(cert)));
        }

        if (now < gateway.Certificate.NotBefore.ToUniversalTime() || now > gateway.Certificate.NotAfter.ToUniversalTime())
        {
            throw new DeAn06SignatureException("The answer was signed by the gateway's certificate outside its validity period.");
        }

        return gateway;
    }

    private string? Refusal(X509Certificate2 cert, string sha256, DateTimeOffset now)
    {
        if (pinnedGatewaySha256 is not null && !string.Equals(sha256, pinnedGatewaySha256, StringComparison.OrdinalIgnoreCase))
        {
            return $"The answer was signed by '{cert.Subject}', not by the pinned gateway certificate (SHA-256 {pinnedGatewaySha256}).";
        }

        // Chain building alone would not do: a certificate without the extension counts as "any
        // purpose" there, and every client certificate the CA issues has none.
        if (cert.Extensions[CmsOids.ExtendedKeyUsage] is not X509EnhancedKeyUsageExtension eku
            || !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == CmsOids.GatewayResponseSigning))
        {
            return $"The answer was signed by '{cert.Subject}', which is not the gateway's response-signing certificate (it lacks extended key usage {CmsOids.GatewayResponseSigning}).";
        }

        return OfflineChain.Problem(cert, [platformCa!], now, CmsOids.GatewayResponseSigning) is null
            ? null
            : $"The answer was signed by '{cert.Subject}', which does not chain to the platform CA.";
    }

    private sealed record GatewaySigner(X509Certificate2 Certificate, SignerIdentity Identity);
}
