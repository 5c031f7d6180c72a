using System.ComponentModel.DataAnnotations;

namespace DeAn06.Gateway.MessageLog;

/// <summary>Section "MessageLog".</summary>
public sealed class MessageLogOptions
{
    public const string SectionName = "MessageLog";

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
}
