namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// Where <see cref="MessageLogWriter"/> keeps one gateway's chain: an SQLite file
/// (<see cref="SqliteMessageLogStore"/>, the embedded default) or that gateway's node in a shared
/// PostgreSQL database (<see cref="PostgreSql.PostgreSqlMessageLogStore"/>). The writer chains and
/// seals; a store only persists, so the chain and seal format are the same in both and one verifier
/// checks either. Called from the writer's thread only, under its lock.
/// </summary>
internal interface IMessageLogStore : IDisposable
{
    /// <summary>The newest entry's number and hash (0 and the genesis hash for an empty chain), and the newest sealed entry's number.</summary>
    ChainHead ReadHead();

    /// <summary>Writes the entries and the signers' certificates they are the first to use, in one transaction.</summary>
    void Append(IReadOnlyList<ChainedEntry> entries, IReadOnlyList<(byte[] Sha256, byte[] Der)> certificates);

    /// <summary>Upkeep after a commit whose waiters have been told (the SQLite file's WAL bound); nothing for PostgreSQL, which checkpoints its own WAL.</summary>
    void AfterCommit();

    /// <summary>Stores a seal over the chain head.</summary>
    void AddSeal(NewSeal seal);

    /// <summary>Seals with a certificate but no TSA token yet, newest first.</summary>
    IReadOnlyList<(long Id, long Seq, string Text)> UnstampedSeals(int max);

    /// <summary>Stores the TSA's token for a seal.</summary>
    void SetTimestamp(long id, byte[] token);
}
