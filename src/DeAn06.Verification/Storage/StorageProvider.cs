namespace DeAn06.Verification.Storage;

/// <summary>Where jobs, results and statistics are kept.</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file (<see cref="StorageOptions.SqlitePath"/>): the embedded default, one process.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (ConnectionStrings:Verification) that several verification services share.</summary>
    PostgreSql,
}
