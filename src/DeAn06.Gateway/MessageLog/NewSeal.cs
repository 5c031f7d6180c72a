namespace DeAn06.Gateway.MessageLog;

/// <summary>A seal as the writer makes it (see <see cref="MessageLogStore.SealText(long, string, long, string)"/>).</summary>
internal sealed record NewSeal(long Seq, string EntryHash, long SealedAtMs, string KeyId, string PublicKey, string Signature, byte[] Certificate);
