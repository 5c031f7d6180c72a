namespace DeAn06.Gateway.Quotas;

/// <summary>Where the daily batch quota is counted (section <c>BatchQuota</c>).</summary>
public sealed class BatchQuotaOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public const string SectionName = "BatchQuota";

    /// <summary>The name under ConnectionStrings that holds the PostgreSQL connection string.</summary>
    public const string ConnectionStringName = "BatchQuota";

    /// <summary>
    /// <c>InProcess</c> (each gateway counts alone; the embedded default) or <c>PostgreSQL</c> (one count
    /// per consumer and day shared by every gateway). The default value is <see cref="BatchQuotaStoreKind.InProcess"/>.
    /// </summary>
    public BatchQuotaStoreKind Store { get; set; } = BatchQuotaStoreKind.InProcess;

    /// <summary>
    /// The PostgreSQL connection string, read from ConnectionStrings:BatchQuota (set it through the
    /// environment, ConnectionStrings__BatchQuota: it may hold a password). Required when <see cref="Store"/> is PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (Store == BatchQuotaStoreKind.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new System.ComponentModel.DataAnnotations.ValidationResult(
                $"BatchQuota:Store is PostgreSQL but ConnectionStrings:{ConnectionStringName} is empty; set it (e.g. ConnectionStrings__{ConnectionStringName}=\"Host=…;Database=…;Username=…\").",
                ["ConnectionStrings:" + ConnectionStringName]);
        }
    }
}
