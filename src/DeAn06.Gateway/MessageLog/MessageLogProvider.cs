namespace DeAn06.Gateway.MessageLog;

/// <summary>Where the message log is kept.</summary>
public enum MessageLogProvider
{
    /// <summary>One SQLite file per gateway (<see cref="MessageLogOptions.SqlitePath"/>): the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database (ConnectionStrings:MessageLog) shared by a cluster's gateways, one chain per node.</summary>
    PostgreSql,
}
