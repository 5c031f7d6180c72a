using System.ComponentModel.DataAnnotations;

namespace DeAn06.Gateway.MessageLog;

/// <summary>Section "MessageLog".</summary>
public sealed class MessageLogOptions : IValidatableObject
{
    public const string SectionName = "MessageLog";

    /// <summary>The name under ConnectionStrings that holds the PostgreSQL connection string.</summary>
    public const string ConnectionStringName = "MessageLog";

    /// <summary>
    /// Where the log is kept: Sqlite (one file per gateway, the embedded default) or PostgreSQL (one
    /// database for a cluster's gateways, each node with its own chain). The default value is Sqlite.
    /// </summary>
    public MessageLogProvider Provider { get; set; } = MessageLogProvider.Sqlite;

    /// <summary>
    /// The PostgreSQL connection string, read from ConnectionStrings:MessageLog (set it through the
    /// environment, ConnectionStrings__MessageLog, never on a command line: it may hold a password).
    /// Required when <see cref="Provider"/> is PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// This gateway's name in a shared (PostgreSQL) log: its chain, seals and TSA requester are its own.
    /// Must be unique per gateway and stable across its restarts. The default value is the machine name
    /// and the port it listens on (e.g. "host-5081").
    /// </summary>
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string? NodeId { get; set; }

    /// <summary>SQLite file of the log. The default value is "data/message-log.db".</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/message-log.db";

    /// <summary>Entries waiting to be written; when full, requests wait rather than an entry being lost. The default value is 10000.</summary>
    [Range(100, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>How often the chain head is sealed (signed), if new entries arrived. The default value is 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The seal key's certificate (PEM), issued by the project CA with the sealing EKU (<c>keys init</c>
    /// writes seal.pem). Not the token key. The default value is none: the log is then not sealed and the
    /// gateway warns at start.
    /// </summary>
    public string? SealCertificatePath { get; set; }

    /// <summary>The seal key (PKCS #8 PEM, e.g. seal.key.pem). The default value is none.</summary>
    public string? SealKeyPath { get; set; }

    /// <summary>
    /// RFC 3161 time-stamping authority each seal is sent to (e.g. http://127.0.0.1:5083/timestamp),
    /// which anchors the log outside the gateway. The default value is none (seals are not timestamped).
    /// </summary>
    public Uri? TimeStampUrl { get; set; }

    /// <summary>Who this gateway is to the TSA: its journal lists tokens by requester. The default value is "gateway".</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string TimeStampRequester { get; set; } = "gateway";

    /// <summary>
    /// How long the writer lets entries gather after the first one arrives before it commits. Answers
    /// wait for their entry's commit, so this adds to every answer's latency; entries that arrive while
    /// a transaction commits are committed together anyway. The default value is 0 (commit at once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.100")]
    public TimeSpan GroupCommitWindow { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long an answer waits for its entry to commit before the caller gets 503
    /// <c>MESSAGE_LOG_UNAVAILABLE</c> instead. The default value is 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan CommitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Answers up to this size are held whole until their entry commits; larger ones (job results) are
    /// streamed after a "begun" entry commits. The default value is 1 MiB.
    /// </summary>
    [Range(4096, 64 * 1024 * 1024)]
    public int ResponseBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// SQLite's <c>synchronous</c> setting for the log (WAL journal): <c>Normal</c> makes a commit
    /// survive the gateway process being killed (the commit is in the operating system's hands), but
    /// not a power cut or kernel crash; <c>Full</c> also syncs the WAL to disk at every commit, which
    /// survives those too and costs one fsync per group commit. The default value is "Normal".
    /// </summary>
    [AllowedValues("Normal", "Full")]
    public string Synchronous { get; set; } = "Normal";

    /// <summary>
    /// The size, in bytes, past which the SQLite log's WAL is brought back: the writer copies what the
    /// checkpointer has not yet copied, and the WAL starts again from its beginning, cut back to this
    /// size (two fsyncs that the next batch waits for and one in the new WAL's first commit, once per
    /// this many bytes of log). Without it a log under sustained load grows its WAL without end. The
    /// default value is 64 MiB.
    /// </summary>
    [Range(64 * 1024, 16L * 1024 * 1024 * 1024)]
    public long WalLimitBytes { get; set; } = 64 * 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == MessageLogProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                $"MessageLog:Provider is PostgreSQL but ConnectionStrings:{ConnectionStringName} is empty; set it (e.g. ConnectionStrings__{ConnectionStringName}=\"Host=…;Database=…;Username=…\").",
                ["ConnectionStrings:" + ConnectionStringName]);
        }
    }

    /// <summary>The name the TSA knows this gateway by: in a shared log each node is its own requester, so its journal lines are its own.</summary>
    internal string Requester => Provider == MessageLogProvider.PostgreSql ? $"{TimeStampRequester}-{NodeId}" : TimeStampRequester;
}
