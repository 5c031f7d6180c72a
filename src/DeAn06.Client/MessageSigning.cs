using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace DeAn06.Client;

/// <summary>
/// CMS detached signatures: signs request bodies with the client's certificate, checks the gateway's
/// signature on answers against the platform CA only (offline, no system store, no revocation look-ups).
/// </summary>
internal sealed class MessageSigning(X509Certificate2? signer, X509Certificate2? platformCa, TimeProvider time)
{
    public const string Header = "X-DeAn06-Signature";
    private readonly ConcurrentDictionary<string, bool> _chained = new(StringComparer.Ordinal);

    /// <summary>Base64 DER detached signature with the signing time, or null without a certificate.</summary>
    public string? Sign(ReadOnlyMemory<byte> body)
    {
        if (signer is null)
        {
            return null;
        }

        var cms = new SignedCms(new ContentInfo(body.ToArray()), detached: true);
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer) { IncludeOption = X509IncludeOption.EndCertOnly };
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(time.GetUtcNow().UtcDateTime));
        cms.ComputeSignature(cmsSigner, silent: true);
        return Convert.ToBase64String(cms.Encode());
    }

    /// <summary>Throws <see cref="DeAn06SignatureException"/> unless the platform signed exactly these bytes.</summary>
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

        var cms = new SignedCms(new ContentInfo(body), detached: true);
        try
        {
            cms.Decode(Convert.FromBase64String(signature));
            cms.CheckSignature(verifySignatureOnly: true);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw new DeAn06SignatureException("The answer's signature does not match its bytes (altered in transit, or not a CMS signature).", ex);
        }

        if (cms.SignerInfos is not [{ Certificate: { } cert }])
        {
            throw new DeAn06SignatureException("The answer's signature must have one signer with its certificate included.");
        }

        if (!_chained.GetOrAdd(cert.Thumbprint, _ => Chains(cert)))
        {
            throw new DeAn06SignatureException($"The answer was signed by '{cert.Subject}', which does not chain to the platform CA.");
        }
    }

    private bool Chains(X509Certificate2 cert)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(platformCa!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        return chain.Build(cert);
    }
}
