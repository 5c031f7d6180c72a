using System.Runtime.Versioning;
using System.Security.Cryptography;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Signing.OpenSsl;

namespace DeAn06.Gateway.Tests.Signing;

/// <summary>The reused-context ECDSA signer: every signature it makes is one .NET accepts, each with a fresh k.</summary>
[SupportedOSPlatform("linux")]
public sealed class ReusedContextEcdsaTests
{
    public static TheoryData<string> Curves => ["nistP256", "nistP384", "nistP521"];

    [Theory]
    [MemberData(nameof(Curves))]
    public void SignHash_ManyMessages_EverySignatureVerifiesWithTheFrameworkAndNoneRepeats(string curve)
    {
        using var native = new ReusedContextEcdsa(new ECDsaOpenSsl(ECCurve.CreateFromFriendlyName(curve)));
        using var check = ECDsa.Create(native.ExportParameters(includePrivateParameters: false));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var random = new Random(17);
        byte[] hash = SHA256.HashData("the same body each time"u8);

        for (int i = 0; i < 100; i++)
        {
            byte[] message = new byte[random.Next(0, 300)];
            random.NextBytes(message);
            byte[] digest = i % 2 == 0 ? SHA256.HashData(message) : hash;

            byte[] der = native.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
            byte[] p1363 = native.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            byte[] data = native.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

            Assert.True(check.VerifyHash(digest, der, DSASignatureFormat.Rfc3279DerSequence));
            Assert.True(check.VerifyHash(digest, p1363, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.Equal(native.GetMaxSignatureSize(DSASignatureFormat.IeeeP1363FixedFieldConcatenation), p1363.Length);
            Assert.True(check.VerifyData(message, data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.False(check.VerifyHash(SHA256.HashData([.. message, 1]), p1363, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.True(seen.Add(Convert.ToHexString(der)) & seen.Add(Convert.ToHexString(p1363)) & seen.Add(Convert.ToHexString(data)));
        }

        Assert.Equal(300, native.NativeSignatures);
    }

    [Fact]
    public void TrySignData_DestinationTooSmall_ReturnsFalse()
    {
        using var native = new ReusedContextEcdsa(new ECDsaOpenSsl(ECCurve.NamedCurves.nistP256));
        Span<byte> small = stackalloc byte[63];

        Assert.False(native.TrySignData("body"u8, small, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out int written));
        Assert.Equal(0, written);
        Assert.False(native.TrySignData("body"u8, small[..8], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence, out written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Key_IsFixed()
    {
        using var native = new ReusedContextEcdsa(new ECDsaOpenSsl(ECCurve.NamedCurves.nistP256));

        Assert.Equal(256, native.KeySize);
        Assert.Throws<NotSupportedException>(() => native.GenerateKey(ECCurve.NamedCurves.nistP256));
        Assert.Throws<NotSupportedException>(() => native.ImportParameters(native.ExportParameters(true)));
    }

    [Fact]
    public void SignHash_ManyThreadsThroughTheKeyPool_EverySignatureVerifies()
    {
        using var source = new ECDsaOpenSsl(ECCurve.NamedCurves.nistP256);
        string pem = source.ExportPkcs8PrivateKeyPem();
        using var pool = new KeyPool(() =>
        {
            var key = new ECDsaOpenSsl();
            key.ImportFromPem(pem);
            return new ReusedContextEcdsa(key);
        });
        using var sharedKey = new ECDsaOpenSsl();
        sharedKey.ImportParameters(source.ExportParameters(true));
        using var shared = new ReusedContextEcdsa(sharedKey);
        using var check = ECDsa.Create(source.ExportParameters(false));
        int wrong = 0;

        Parallel.For(0, 8 * 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            byte[] hash = SHA256.HashData(BitConverter.GetBytes(i));
            byte[] pooled;
            using (KeyPool.Lease lease = pool.Rent())
            {
                pooled = ((ECDsa)lease.Key).SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }

            byte[] fromShared = shared.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
            if (!check.VerifyHash(hash, pooled, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                || !check.VerifyHash(hash, fromShared, DSASignatureFormat.Rfc3279DerSequence))
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }
}
