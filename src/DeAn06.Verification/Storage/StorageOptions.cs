using System.ComponentModel.DataAnnotations;

namespace DeAn06.Verification.Storage;

/// <summary>Section "Storage".</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    /// <summary>The name under ConnectionStrings that holds the PostgreSQL connection string.</summary>
    public const string ConnectionStringName = "Verification";

    /// <summary>Where state is kept: Sqlite or PostgreSQL (case-insensitive). The default value is Sqlite.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite database file (the embedded default). The default value is "data/verification.db".</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/verification.db";

    /// <summary>
    /// The PostgreSQL connection string, read from ConnectionStrings:Verification (set it through the
    /// environment, ConnectionStrings__Verification, never on a command line: it may hold a password).
    /// Required when <see cref="Provider"/> is PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                $"Storage:Provider is PostgreSQL but ConnectionStrings:{ConnectionStringName} is empty; set it (e.g. ConnectionStrings__{ConnectionStringName}=\"Host=…;Database=…;Username=…\").",
                ["ConnectionStrings:" + ConnectionStringName]);
        }
    }
}
