using Microsoft.AspNetCore.RateLimiting;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>The rate limiter middleware's options: the consumer policy, 429 answers from <see cref="ConsumerLimiter"/>.</summary>
internal static class RateLimitingExtensions
{
    public static IServiceCollection AddConsumerRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<IConsumerRateLimitStore, InProcessRateLimitStore>();
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
