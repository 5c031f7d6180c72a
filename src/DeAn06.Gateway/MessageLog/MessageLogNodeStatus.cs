namespace DeAn06.Gateway.MessageLog;

/// <summary>One gateway node's chain as the operators see it.</summary>
/// <param name="Node">The node id (MessageLog:NodeId).</param>
/// <param name="Entries">Entries in its chain (its newest entry's number).</param>
/// <param name="LastEntryAt">Its newest entry's time.</param>
/// <param name="SealedUpTo">The newest entry a seal covers.</param>
/// <param name="LastSealAt">When it last sealed.</param>
/// <param name="LastStartedAt">When it last started (PostgreSQL only).</param>
internal sealed record MessageLogNodeStatus(string Node, long Entries, DateTimeOffset? LastEntryAt, long SealedUpTo, DateTimeOffset? LastSealAt, DateTimeOffset? LastStartedAt);
