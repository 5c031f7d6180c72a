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
}
