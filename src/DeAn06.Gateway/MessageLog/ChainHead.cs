namespace DeAn06.Gateway.MessageLog;

/// <summary>Where a chain ends: its newest entry and the newest entry a seal covers.</summary>
internal readonly record struct ChainHead(long Seq, string Hash, long SealedSeq);
