using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// Copies the log's WAL back into the database file every second, on a connection of its own. SQLite
/// would otherwise do it inside a commit every 1,000 pages, with an fsync, and the answers waiting for
/// that commit would wait for the fsync too; a passive checkpoint here runs beside the writer's commits
/// instead (the writer's connection has automatic checkpoints off, see <see cref="MessageLogStore"/>).
/// </summary>
internal sealed partial class MessageLogCheckpointer(IOptions<MessageLogOptions> options, TimeProvider time, ILogger<MessageLogCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != MessageLogProvider.Sqlite)
        {
            return; // PostgreSQL checkpoints its own WAL
        }

        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.Value.SqlitePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (c.State != System.Data.ConnectionState.Open)
                    {
                        c.Open(); // ReadWrite, not create: the writer made the file (in WAL mode) at start-up
                    }

                    using SqliteCommand cmd = c.CreateCommand();
                    cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    cmd.ExecuteNonQuery();
                }
                catch (SqliteException ex)
                {
                    LogCheckpointFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the writer's last commit and SQLite's close take it from here.
        }
    }

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Checkpointing the message log failed; retrying in a second")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
