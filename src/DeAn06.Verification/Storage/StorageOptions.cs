using System.ComponentModel.DataAnnotations;

namespace DeAn06.Verification.Storage;

/// <summary>Section "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>SQLite database file (the embedded default). The default value is "data/verification.db".</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/verification.db";
}
