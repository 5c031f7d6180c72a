namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// An entry placed in the chain, as it is stored: the signatures compacted (a byte array, see
/// <see cref="StoredSignature"/>) or kept as text, or null.
/// </summary>
internal sealed record ChainedEntry(long Seq, LogEntry Entry, string PrevHash, string Hash, object? RequestSignature, object? ResponseSignature);
