using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace DeAn06.Cms;

/// <summary>
/// RSASSA-PSS verification (RFC 8017 §8.1.2 and EMSA-PSS-VERIFY §9.1.2) for any salt length.
/// </summary>
/// <remarks>
/// Written here because .NET's <see cref="RSASignaturePadding.Pss"/> fixes the salt length to the
/// hash length (.NET 10 has no way to give another), while <c>openssl cms -sign -keyopt
/// rsa_padding_mode:pss</c> uses the largest salt the key allows by default. Only the public operation
/// is done (s^e mod n with <see cref="BigInteger"/>), so no secret is at stake in its timing.
/// </remarks>
internal static class RsaPss
{
    // Exporting the public numbers costs several times the signature check; key objects are pooled
    // and long-lived, so the numbers are kept per key object.
    private static readonly ConditionalWeakTable<RSA, PublicNumbers> Numbers = new();

    public static bool Verify(RSA key, ReadOnlySpan<byte> messageHash, ReadOnlySpan<byte> signature, HashAlgorithmName hash, int saltLength)
    {
        (BigInteger modulus, BigInteger exponent) = Numbers.GetValue(key, PublicNumbers.Of);
        int k = (int)((modulus.GetBitLength() + 7) / 8);
        if (signature.Length != k)
        {
            return false;
        }

        var s = new BigInteger(signature, isUnsigned: true, isBigEndian: true);
        if (s >= modulus)
        {
            return false;
        }

        BigInteger m = BigInteger.ModPow(s, exponent, modulus);
        int emBits = (int)modulus.GetBitLength() - 1;
        int emLength = (emBits + 7) / 8;
        int hashLength = messageHash.Length;
        // In long: a salt length near int.MaxValue (from the signer's parameters) must not wrap past the check.
        if ((long)emLength < (long)hashLength + saltLength + 2 || m.GetByteCount(isUnsigned: true) > emLength)
        {
            return false;
        }

        byte[] encoded = new byte[emLength];
        m.TryWriteBytes(encoded.AsSpan(emLength - m.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        if (encoded[^1] != 0xBC)
        {
            return false;
        }

        int dbLength = emLength - hashLength - 1;
        ReadOnlySpan<byte> h = encoded.AsSpan(dbLength, hashLength);
        int unusedBits = 8 * emLength - emBits;
        byte topMask = (byte)(0xFF >> unusedBits);
        if ((encoded[0] & ~topMask & 0xFF) != 0)
        {
            return false;
        }

        byte[] db = Mgf1(h, dbLength, hash);
        for (int i = 0; i < dbLength; i++)
        {
            db[i] ^= encoded[i];
        }

        db[0] &= topMask;
        int paddingLength = dbLength - saltLength - 1;
        if (db.AsSpan(0, paddingLength).ContainsAnyExcept((byte)0) || db[paddingLength] != 0x01)
        {
            return false;
        }

        // H' = Hash(8 zero bytes || mHash || salt)
        byte[] prime = new byte[8 + hashLength + saltLength];
        messageHash.CopyTo(prime.AsSpan(8));
        db.AsSpan(dbLength - saltLength).CopyTo(prime.AsSpan(8 + hashLength));
        Span<byte> expected = stackalloc byte[hashLength];
        CryptographicOperations.HashData(hash, prime, expected);
        return CryptographicOperations.FixedTimeEquals(expected, h);
    }

    /// <summary>MGF1 (RFC 8017 §B.2.1).</summary>
    private static byte[] Mgf1(ReadOnlySpan<byte> seed, int length, HashAlgorithmName hash)
    {
        byte[] mask = new byte[length];
        byte[] input = new byte[seed.Length + 4];
        seed.CopyTo(input);
        Span<byte> block = stackalloc byte[64];
        int written = 0;
        for (uint counter = 0; written < length; counter++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(seed.Length), counter);
            int size = CryptographicOperations.HashData(hash, input, block);
            int take = Math.Min(size, length - written);
            block[..take].CopyTo(mask.AsSpan(written));
            written += take;
        }

        return mask;
    }

    private sealed record PublicNumbers(BigInteger Modulus, BigInteger Exponent)
    {
        public static PublicNumbers Of(RSA key)
        {
            RSAParameters p = key.ExportParameters(includePrivateParameters: false);
            return new(new BigInteger(p.Modulus, isUnsigned: true, isBigEndian: true), new BigInteger(p.Exponent, isUnsigned: true, isBigEndian: true));
        }
    }
}
