using System.ComponentModel.DataAnnotations;

namespace DeAn06.TimeStamping.Issuing;

/// <summary>Section "TimeStamping".</summary>
public sealed class TimeStampingOptions
{
    public const string SectionName = "TimeStamping";

    /// <summary>The policy the TSA stamps under (a UUID OID, RFC 4122 arc 2.25). The default value is <see cref="DefaultPolicy"/>.</summary>
    public const string DefaultPolicy = "2.25.379061082399576724357935506038643544";

    /// <summary>The TSA's certificate (PEM) from the project CA, with id-kp-timeStamping as its only, critical, EKU. Required.</summary>
    [Required]
    public string CertificatePath { get; set; } = "";

    /// <summary>Its private key (PKCS #8 PEM). Required.</summary>
    [Required]
    public string KeyPath { get; set; } = "";

    /// <summary>The append-only journal of issued tokens (JSON lines). The default value is "data/tsa-journal.jsonl".</summary>
    [Required]
    public string JournalPath { get; set; } = "data/tsa-journal.jsonl";

    /// <summary>TSA policy OID. The default value is <see cref="DefaultPolicy"/>.</summary>
    [Required]
    [RegularExpression(@"^\d+(\.\d+)+$")]
    public string Policy { get; set; } = DefaultPolicy;
}
