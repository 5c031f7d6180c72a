using DeAn06.Gateway.Quotas.PostgreSql;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Quotas;

internal static class BatchQuotaExtensions
{
    /// <summary>The daily batch quota and its store (<c>BatchQuota:Store</c>: in this process, or PostgreSQL for a cluster).</summary>
    public static IServiceCollection AddBatchQuota(this IServiceCollection services)
    {
        services.AddOptions<BatchQuotaOptions>().BindConfiguration(BatchQuotaOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString ??= configuration.GetConnectionString(BatchQuotaOptions.ConnectionStringName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InProcessBatchQuotaStore>();
        services.AddSingleton<PostgreSqlBatchQuotaStore>(); // made only when configured
        services.AddSingleton<IBatchQuotaStore>(sp => sp.GetRequiredService<IOptions<BatchQuotaOptions>>().Value.Store == BatchQuotaStoreKind.PostgreSql
            ? sp.GetRequiredService<PostgreSqlBatchQuotaStore>() : sp.GetRequiredService<InProcessBatchQuotaStore>());
        services.AddSingleton<BatchQuota>();
        return services;
    }
}
