using System.Security.Cryptography;
using System.Text;

namespace DeAn06.Gateway.MessageLog;

/// <summary>A row of the seals table as the verifier reads it (the stored public key is never used).</summary>
/// <param name="Seq">The entry the seal covers.</param>
/// <param name="EntryHash">That entry's hash, as the seal states it.</param>
/// <param name="SealedAt">When it was sealed (Unix ms).</param>
/// <param name="KeyId">The key id the seal claims.</param>
/// <param name="Signature">Base64 signature.</param>
/// <param name="Certificate">The seal key's certificate (DER); null for seals made before seal certificates.</param>
/// <param name="Timestamp">The TSA's token (DER); null when the TSA did not answer.</param>
internal sealed record StoredSeal(long Seq, string EntryHash, long SealedAt, string KeyId, string Signature, byte[]? Certificate, byte[]? Timestamp)
{
    /// <summary>What was signed: the named-key form when the seal carries a certificate, the older form otherwise.</summary>
    public string Text => Certificate is null ? MessageLogStore.SealText(Seq, EntryHash, SealedAt) : MessageLogStore.SealText(Seq, EntryHash, SealedAt, KeyId);

    /// <summary>The hash the TSA stamps.</summary>
    public byte[] Imprint => SHA256.HashData(Encoding.UTF8.GetBytes(Text));

    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(SealedAt);
}
