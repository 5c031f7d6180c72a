using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// The nonce of a seal's time-stamp request: the sealed entry's sequence number in the high 8 bytes,
/// 8 random bytes below. The TSA sees only a hash, so this is how its journal can say which entry a
/// missing seal covered ("the TSA timestamped a seal over entry M"). The random half keeps it a nonce.
/// </summary>
internal static class SealNonce
{
    public static byte[] Create(long seq)
    {
        byte[] nonce = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(nonce, seq);
        RandomNumberGenerator.Fill(nonce.AsSpan(8));
        return nonce;
    }

    /// <summary>The sequence number a nonce names (big-endian integer bytes as the TSA decoded them); null when it is no seal nonce.</summary>
    public static long? SequenceOf(ReadOnlySpan<byte> nonce)
    {
        var value = new BigInteger(nonce, isUnsigned: true, isBigEndian: true) >> 64;
        return value <= long.MaxValue ? (long)value : null;
    }
}
