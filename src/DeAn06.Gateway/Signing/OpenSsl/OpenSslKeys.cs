using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace DeAn06.Gateway.Signing.OpenSsl;

/// <summary>
/// Makes the gateway's per-request keys: the reused-context kinds where the framework's own OpenSSL
/// 3 is the libcrypto bound here, the framework's keys otherwise (other platforms, another OpenSSL, any
/// set-up call failing). Never a refusal to work and never a looser check: the fallback is .NET itself.
/// </summary>
internal static partial class OpenSslKeys
{
    private static readonly Lazy<bool> Usable = new(Probe);
    private static int _reported;

    /// <summary>Whether the reused-context keys can be made in this process.</summary>
    [SupportedOSPlatformGuard("linux")]
    public static bool Available => Usable.Value;

    /// <summary>The gateway's ECDSA signing key from PEM.</summary>
    public static ECDsa SigningKey(string pem, ILogger logger)
    {
        if (Available)
        {
            var inner = new ECDsaOpenSsl();
            inner.ImportFromPem(pem);
            try
            {
                return new ReusedContextEcdsa(inner);
            }
            catch (CryptographicException e)
            {
                ReportFallback(logger, e);
                return inner;
            }
        }

        ReportFallback(logger, null);
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return key;
    }

    /// <summary>A consumer's RSA public key for checking request signatures; takes ownership of <paramref name="key"/>.</summary>
    public static RSA Verifier(RSA key, ILogger logger)
    {
        if (!Available)
        {
            ReportFallback(logger, null);
            return key;
        }

        // A certificate's key may be of another OpenSSL-backed type; the public key is all a verifier needs.
        RSAOpenSsl inner = key as RSAOpenSsl ?? PublicCopy(key);
        try
        {
            var verifier = new ReusedContextRsa(inner);
            if (!ReferenceEquals(inner, key))
            {
                key.Dispose();
            }

            return verifier;
        }
        catch (CryptographicException e)
        {
            ReportFallback(logger, e);
            if (!ReferenceEquals(inner, key))
            {
                inner.Dispose();
            }

            return key;
        }
    }

    [SupportedOSPlatform("linux")]
    private static RSAOpenSsl PublicCopy(RSA key)
    {
        var copy = new RSAOpenSsl();
        copy.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return copy;
    }

    // The EVP_PKEY handles come from the framework's libcrypto and go to the one bound here: they must be
    // the same library, so the versions must agree exactly (the same soname resolves to the same loaded
    // copy), and a round trip through both must agree before the fast path is used at all.
    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            ulong ours = LibCrypto.OpenSSL_version_num();
            if (ours >> 28 < 3 || (long)ours != SafeEvpPKeyHandle.OpenSslVersion)
            {
                return false;
            }

            return SelfTest();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever went wrong (no such library, a missing symbol, a set-up call refused), the
            // framework's keys still work: start with them rather than not start.
            return false;
        }
    }

    [SupportedOSPlatform("linux")]
    private static bool SelfTest()
    {
        byte[] hash = SHA256.HashData("DeAn06 OpenSSL self-test"u8);
        using var rsa = new RSAOpenSsl(2048);
        byte[] signature = rsa.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var publicKey = new RSAOpenSsl();
        publicKey.ImportSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _);
        using var verifier = new ReusedContextRsa(publicKey);
        byte[] tampered = (byte[])signature.Clone();
        tampered[^1] ^= 1;
        bool rsaAgrees = verifier.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            && !verifier.VerifyHash(hash, tampered, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            && verifier.NativeVerifications == 2;

        using var signer = new ReusedContextEcdsa(new ECDsaOpenSsl(ECCurve.NamedCurves.nistP256));
        byte[] ecdsa = signer.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
        using var check = ECDsa.Create(signer.ExportParameters(includePrivateParameters: false));
        return rsaAgrees && signer.NativeSignatures == 1 && check.VerifyHash(hash, ecdsa, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static void ReportFallback(ILogger logger, Exception? error)
    {
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            LogFallback(logger, error);
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Signatures use the framework's OpenSSL calls (one context per call): this libcrypto cannot be bound directly")]
    private static partial void LogFallback(ILogger logger, Exception? error);
}
