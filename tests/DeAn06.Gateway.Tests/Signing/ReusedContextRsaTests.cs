using System.Runtime.Versioning;
using System.Security.Cryptography;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Signing.OpenSsl;

namespace DeAn06.Gateway.Tests.Signing;

/// <summary>
/// The reused-context RSA verifier against the framework's own check, answer for answer: a
/// verification must come out valid exactly when .NET's does, for every tampering an attacker has.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ReusedContextRsaTests
{
    public static TheoryData<int, string> Shapes => new()
    {
        { 2048, "SHA256" }, { 2048, "SHA384" }, { 2048, "SHA512" },
        { 3072, "SHA256" }, { 3072, "SHA384" }, { 3072, "SHA512" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void VerifyHash_RandomMessagesAndTamperings_AnswersAsTheFramework(int keySize, string hashName)
    {
        var hashAlgorithm = new HashAlgorithmName(hashName);
        using var signer = new RSAOpenSsl(keySize);
        using var stranger = new RSAOpenSsl(keySize);
        using RSA framework = PublicKey(signer);
        using var native = new ReusedContextRsa(PublicKey(signer));
        var random = new Random(keySize ^ hashName.GetHashCode(StringComparison.Ordinal));
        int valid = 0;
        int cases = 0;

        for (int i = 0; i < 25; i++)
        {
            byte[] message = new byte[random.Next(0, 300)];
            random.NextBytes(message);
            byte[] hash = CryptographicOperations.HashData(hashAlgorithm, message);
            byte[] signature = signer.SignHash(hash, hashAlgorithm, RSASignaturePadding.Pkcs1);

            foreach ((byte[] h, byte[] s) in Tamperings(hash, signature, stranger.SignHash(hash, hashAlgorithm, RSASignaturePadding.Pkcs1), random))
            {
                string expected = Outcome(() => framework.VerifyHash(h, s, hashAlgorithm, RSASignaturePadding.Pkcs1));
                Assert.Equal(expected, Outcome(() => native.VerifyHash(h, s, hashAlgorithm, RSASignaturePadding.Pkcs1)));
                Assert.Equal(expected, Outcome(() => native.VerifyHash(h.AsSpan(), s.AsSpan(), hashAlgorithm, RSASignaturePadding.Pkcs1)));
                valid += expected == "valid" ? 1 : 0;
                cases++;
            }
        }

        // Only the good signature of each message is valid, and the fast path answered the bulk (not the fallback).
        Assert.Equal(25, valid);
        Assert.True(native.NativeVerifications >= 2 * 25 * 5, $"{native.NativeVerifications} of {2 * cases} on the reused context");
    }

    [Fact]
    public void VerifyHash_AnotherHashClaimed_AnswersAsTheFramework()
    {
        using var signer = new RSAOpenSsl(2048);
        using RSA framework = PublicKey(signer);
        using var native = new ReusedContextRsa(PublicKey(signer));
        byte[] hash = SHA384.HashData("body"u8);
        byte[] signature = signer.SignHash(hash, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);
        byte[] sha512 = SHA512.HashData("body"u8);
        byte[] sha512Signature = signer.SignHash(sha512, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);

        foreach ((byte[] h, byte[] s, HashAlgorithmName claimed) in new[]
        {
            (hash, signature, HashAlgorithmName.SHA256),
            (hash, signature, HashAlgorithmName.SHA512),
            (sha512, sha512Signature, HashAlgorithmName.SHA384),
            (hash, signature, HashAlgorithmName.SHA1),
            (hash.AsSpan(0, 32).ToArray(), signature, HashAlgorithmName.SHA256),
            (hash, signature, HashAlgorithmName.SHA384),
        })
        {
            Assert.Equal(
                Outcome(() => framework.VerifyHash(h, s, claimed, RSASignaturePadding.Pkcs1)),
                Outcome(() => native.VerifyHash(h, s, claimed, RSASignaturePadding.Pkcs1)));
        }

        Assert.True(native.VerifyHash(hash, signature, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void VerifyHash_Pss_GoesToTheFrameworkAndAnswersAsIt()
    {
        using var signer = new RSAOpenSsl(2048);
        using RSA framework = PublicKey(signer);
        using var native = new ReusedContextRsa(PublicKey(signer));
        byte[] hash = SHA256.HashData("body"u8);
        byte[] pss = signer.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        byte[] tampered = (byte[])pss.Clone();
        tampered[7] ^= 0x10;
        byte[] pkcs1 = signer.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.True(native.VerifyHash(hash, pss, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.False(native.VerifyHash(hash, tampered, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.False(native.VerifyHash(hash, pkcs1, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        Assert.False(native.VerifyHash(hash, pss, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(framework.VerifyHash(hash, pss, HashAlgorithmName.SHA256, RSASignaturePadding.Pss), native.VerifyHash(hash, pss, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
        // Only the PKCS #1 v1.5 check of the PSS signature took the reused context.
        Assert.Equal(1, native.NativeVerifications);
    }

    [Fact]
    public void PublicKeyAndExports_AreTheInnerKeys()
    {
        using var signer = new RSAOpenSsl(2048);
        using var native = new ReusedContextRsa(PublicKey(signer));

        Assert.Equal(2048, native.KeySize);
        Assert.Equal(signer.ExportSubjectPublicKeyInfo(), native.ExportSubjectPublicKeyInfo());
        Assert.Throws<NotSupportedException>(() => native.ImportParameters(signer.ExportParameters(false)));
    }

    [Fact]
    public void VerifyHash_ManyThreadsThroughTheKeyPool_EveryAnswerRight()
    {
        using var signer = new RSAOpenSsl(2048);
        byte[] spki = signer.ExportSubjectPublicKeyInfo();
        using var pool = new KeyPool(() =>
        {
            var key = new RSAOpenSsl();
            key.ImportSubjectPublicKeyInfo(spki, out _);
            return new ReusedContextRsa(key);
        });
        byte[][] hashes = [.. Enumerable.Range(0, 16).Select(i => SHA256.HashData(BitConverter.GetBytes(i)))];
        byte[][] signatures = [.. hashes.Select(h => signer.SignHash(h, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))];
        // One object shared by all threads outside the pool too: the busy guard must keep it right.
        using var shared = new ReusedContextRsa(PublicKey(signer));
        int wrong = 0;

        Parallel.For(0, 8 * 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int m = i % hashes.Length;
            int other = (m + 1) % hashes.Length;
            bool expected = i % 3 != 0;
            byte[] signature = expected ? signatures[m] : signatures[other];
            using (KeyPool.Lease lease = pool.Rent())
            {
                if (((RSA)lease.Key).VerifyHash(hashes[m], signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) != expected)
                {
                    Interlocked.Increment(ref wrong);
                }
            }

            if (shared.VerifyHash(hashes[m], signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) != expected)
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }

    internal static RSAOpenSsl PublicKey(RSA key)
    {
        var copy = new RSAOpenSsl();
        copy.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return copy;
    }

    /// <summary>The good pair, then each way an attacker could alter it.</summary>
    private static IEnumerable<(byte[] Hash, byte[] Signature)> Tamperings(byte[] hash, byte[] signature, byte[] strangers, Random random)
    {
        yield return (hash, signature);
        yield return (hash, Flip(signature, random));
        yield return (Flip(hash, random), signature);
        yield return (hash, strangers);
        yield return (hash, signature[..^1]);
        yield return (hash, signature[1..]);
        yield return (hash, [.. signature, 0]);
        yield return (hash, [0, .. signature]);
        yield return (hash, new byte[signature.Length]);
        yield return (hash, Enumerable.Repeat((byte)0xFF, signature.Length).ToArray());
        yield return (hash, []);
        yield return (hash[..^1], signature);
        yield return ([.. hash, 0], signature);
        yield return ([], signature);
    }

    private static byte[] Flip(byte[] bytes, Random random)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    private static string Outcome(Func<bool> verify)
    {
        try
        {
            return verify() ? "valid" : "invalid";
        }
        catch (CryptographicException e)
        {
            return "throws " + e.GetType().Name;
        }
    }
}
