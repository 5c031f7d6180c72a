using System.Runtime.Versioning;
using System.Security.Cryptography;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Signing.OpenSsl;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeAn06.Gateway.Tests.Signing;

/// <summary>The factory: the reused-context keys where this machine's OpenSSL 3 allows them (it does here).</summary>
[SupportedOSPlatform("linux")]
public sealed class OpenSslKeysTests
{
    [Fact]
    public void Available_OnThisLinuxWithOpenSsl3_IsTrue()
    {
        Assert.True(OperatingSystem.IsLinux() && SafeEvpPKeyHandle.OpenSslVersion >> 28 >= 3, "these tests assume the gateway's platform (Linux, OpenSSL 3)");
        Assert.True(OpenSslKeys.Available);
    }

    [Fact]
    public void SigningKey_Pem_IsTheReusedContextKeyAndSignsAnswersTheVerifierAccepts()
    {
        using var source = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa key = OpenSslKeys.SigningKey(source.ExportPkcs8PrivateKeyPem(), NullLogger.Instance);
        using var check = ECDsa.Create(source.ExportParameters(false));
        byte[] hash = SHA256.HashData("body"u8);

        Assert.IsType<ReusedContextEcdsa>(key);
        Assert.True(check.VerifyHash(hash, key.SignHash(hash)));
    }

    [Fact]
    public void Verifier_RsaKey_IsTheReusedContextKey()
    {
        using var signer = new RSAOpenSsl(2048);
        using RSA verifier = OpenSslKeys.Verifier(ReusedContextRsaTests.PublicKey(signer), NullLogger.Instance);
        byte[] hash = SHA256.HashData("body"u8);

        Assert.IsType<ReusedContextRsa>(verifier);
        Assert.True(verifier.VerifyHash(hash, signer.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Verifier_KeyOfAnotherType_IsCopiedIntoTheReusedContextKey()
    {
        using var signer = RSA.Create(2048);
        using var other = RSA.Create();
        other.ImportSubjectPublicKeyInfo(signer.ExportSubjectPublicKeyInfo(), out _);
        using RSA verifier = OpenSslKeys.Verifier(other, NullLogger.Instance);
        byte[] hash = SHA256.HashData("body"u8);
        byte[] signature = signer.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.IsType<ReusedContextRsa>(verifier);
        Assert.True(verifier.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        signature[0] ^= 1;
        Assert.False(verifier.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }
}
