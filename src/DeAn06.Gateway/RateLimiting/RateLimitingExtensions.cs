using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>
/// The rate limiter middleware's options: the consumer policy, 429 answers from <see cref="ConsumerLimiter"/>;
/// the consumers' buckets in this process, or in Redis with <c>RateLimiting:Store=Redis</c> (docs/cluster.md).
/// </summary>
internal static class RateLimitingExtensions
{
    public static IServiceCollection AddConsumerRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitStoreOptions>().BindConfiguration(RateLimitStoreOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString ??= configuration.GetConnectionString(RateLimitStoreOptions.ConnectionStringName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InProcessRateLimitStore>();
        services.AddSingleton<RedisRateLimitStore>(); // made only when configured
        services.AddSingleton<IConsumerRateLimitStore>(sp => sp.GetRequiredService<IOptions<RateLimitStoreOptions>>().Value.Store == RateLimitStoreKind.Redis
            ? sp.GetRequiredService<RedisRateLimitStore>() : sp.GetRequiredService<InProcessRateLimitStore>());
        services.AddHostedService<RateLimitStoreWarmUp>();
        services.AddSingleton<ConsumerRateLimiterPolicy>();
        services.AddOptions<RateLimiterOptions>().Configure<ConsumerLimiter, ConsumerRateLimiterPolicy>((options, limiter, policy) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = limiter.OnRejectedAsync;
            options.AddPolicy(ConsumerRateLimiterPolicy.Name, policy);
        });
        services.AddRateLimiter(_ => { });
        return services;
    }
}
