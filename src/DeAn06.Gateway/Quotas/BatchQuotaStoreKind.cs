namespace DeAn06.Gateway.Quotas;

/// <summary>The <see cref="IBatchQuotaStore"/> a gateway uses (<c>BatchQuota:Store</c>).</summary>
public enum BatchQuotaStoreKind
{
    /// <summary>Counts in this process, the day's first count read from the message log: each gateway counts alone.</summary>
    InProcess,

    /// <summary>Counts in PostgreSQL (ConnectionStrings:BatchQuota), shared by every gateway that uses the same database.</summary>
    PostgreSql,
}
