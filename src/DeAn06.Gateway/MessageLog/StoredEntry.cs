namespace DeAn06.Gateway.MessageLog;

/// <summary>A stored entry: its fields, and the previous and own hash as stored (which the verifier recomputes).</summary>
internal sealed record StoredEntry(long Seq, LogEntry Entry, string PrevHash, string EntryHash);
