namespace DeAn06.Gateway.MessageLog;

/// <summary>One chain as the verifier reads it: an SQLite file or one node of a PostgreSQL log.</summary>
internal interface IMessageLogSource
{
    /// <summary>The entries in sequence order, signatures rebuilt as the chain covers them.</summary>
    IEnumerable<StoredEntry> Entries();

    /// <summary>The seals in the order they were made.</summary>
    IEnumerable<StoredSeal> Seals();
}
