using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// The message log's seal key: an ECDSA P-256 key with a certificate from the project CA carrying
/// the sealing EKU, kept apart from the token-signing keys so that neither key can stand in for the
/// other. Seals carry the certificate; verifiers trust it only through the CA (or a trusted-keys file).
/// </summary>
internal sealed class SealCertificate : IDisposable
{
    private SealCertificate(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        Key = key;
        KeyId = KeyIdOf(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    public X509Certificate2 Certificate { get; }

    public ECDsa Key { get; }

    /// <summary>The key id seals name: derived from the public key, recomputed by the verifier.</summary>
    public string KeyId { get; }

    /// <summary>Loads a seal certificate and its private key (PEM); refuses one without the sealing EKU or whose key does not match.</summary>
    public static SealCertificate Load(string certificatePath, string keyPath)
    {
        X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(keyPath));
        if (!HasSealingEku(certificate))
        {
            throw new InvalidOperationException($"MessageLog:SealCertificatePath '{certificatePath}' is not a seal certificate (no sealing EKU {DeAn06.Cms.CmsOids.LogSealing}); issue one with 'keys init'.");
        }

        if (!key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new InvalidOperationException($"MessageLog:SealKeyPath '{keyPath}' is not the key of the seal certificate '{certificatePath}'.");
        }

        return new SealCertificate(certificate, key);
    }

    /// <summary>First 16 characters of base64url(SHA-256(SubjectPublicKeyInfo)), the same form as the token keys' ids.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) => Base64UrlEncoder.Encode(SHA256.HashData(subjectPublicKeyInfo))[..16];

    /// <summary>True when the certificate's extended key usage names log sealing.</summary>
    public static bool HasSealingEku(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == DeAn06.Cms.CmsOids.LogSealing));

    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
    }
}
