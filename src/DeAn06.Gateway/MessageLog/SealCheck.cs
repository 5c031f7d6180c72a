using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// One seal's two proofs: its signature, by a key trusted from outside the log, and the TSA's token over
/// it. Each answers null (good) or what is wrong; a shape it does not know is wrong, never waved through.
/// </summary>
internal static class SealCheck
{
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    public static string? Signature(StoredSeal seal, LogTrust trust)
    {
        string name = $"the seal over entry {seal.Seq} (key {seal.KeyId})";
        byte[] publicKey;
        if (seal.Certificate is null)
        {
            // Sealed before seal certificates: only a key from the trusted-keys file can vouch for it.
            byte[]? trusted = trust.TrustedSealKeys.FirstOrDefault(k => SealCertificate.KeyIdOf(k) == seal.KeyId);
            if (trusted is null)
            {
                return $"{name} carries no certificate and its key is not among the trusted keys";
            }

            publicKey = trusted;
        }
        else
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadCertificate(seal.Certificate);
            }
            catch (CryptographicException)
            {
                return $"{name} carries an unreadable certificate";
            }

            using (certificate)
            {
                publicKey = certificate.PublicKey.ExportSubjectPublicKeyInfo();
                if (SealCertificate.KeyIdOf(publicKey) != seal.KeyId)
                {
                    return $"{name} names a key other than its certificate's ({SealCertificate.KeyIdOf(publicKey)})";
                }

                bool listed = trust.TrustedSealKeys.Any(k => k.AsSpan().SequenceEqual(publicKey));
                if (!listed && TrustChain.Check(certificate, trust.CaCertificates, DeAn06.Cms.CmsOids.LogSealing, seal.Time) is { } why)
                {
                    return $"{name} is signed by a key that is not trusted: {why}";
                }
            }
        }

        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(publicKey, out _);
            if (key.VerifyData(Encoding.UTF8.GetBytes(seal.Text), Convert.FromBase64String(seal.Signature), HashAlgorithmName.SHA256))
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return $"{name} has an unreadable signature or key";
        }

        return $"{name} has an invalid signature";
    }

    /// <summary>Checks the token: over this seal, signed by a TSA certificate from the CA with id-kp-timeStamping.</summary>
    public static string? Timestamp(StoredSeal seal, LogTrust trust, out DateTimeOffset time)
    {
        time = default;
        string name = $"the timestamp on the seal over entry {seal.Seq}";
        if (!Rfc3161TimestampToken.TryDecode(seal.Timestamp, out Rfc3161TimestampToken? token, out int read) || read != seal.Timestamp!.Length)
        {
            return $"{name} is not an RFC 3161 token";
        }

        Rfc3161TimestampTokenInfo info = token.TokenInfo;
        time = info.Timestamp;
        if (info.HashAlgorithmId.Value != Sha256Oid || !info.GetMessageHash().Span.SequenceEqual(seal.Imprint))
        {
            return $"{name} stamps another hash (not this seal)";
        }

        if (info.GetNonce() is not { } nonce || SealNonce.SequenceOf(nonce.Span) != seal.Seq)
        {
            return $"{name} was requested for another entry";
        }

        if (!token.VerifySignatureForHash(seal.Imprint, HashAlgorithmName.SHA256, out X509Certificate2? signer))
        {
            return $"{name} has an invalid signature";
        }

        using (signer)
        {
            return TrustChain.Check(signer, trust.CaCertificates, DeAn06.Cms.CmsOids.TimeStamping, info.Timestamp) is { } why
                ? $"{name} is not from a trusted time-stamping authority: {why}"
                : null;
        }
    }
}
