using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Errors;
using DeAn06.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>
/// The limits behind the <see cref="ConsumerRateLimiterPolicy"/>: one concurrency limit over all
/// consumers (<see cref="GatewayOptions.GlobalConcurrency"/>) in front of each consumer's own limiter
/// from the <see cref="IConsumerRateLimitStore"/>, so one consumer's burst cannot starve the others
/// and the platform sheds load with 429 instead of falling over. Answers refusals and counts them,
/// per consumer.
/// </summary>
public sealed class ConsumerLimiter : IDisposable
{
    private readonly ConcurrencyLimiter _global;
    private readonly IConsumerRateLimitStore _store;
    private readonly IOptionsMonitor<ConsumerRegistry> _registry;
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);

    public ConsumerLimiter(IOptions<GatewayOptions> options, IConsumerRateLimitStore store, IOptionsMonitor<ConsumerRegistry> registry)
    {
        _global = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.Value.GlobalConcurrency, QueueLimit = 0 });
        _store = store;
        _registry = registry;
    }

    /// <summary>Requests refused so far, by client id ("*" for the global limit).</summary>
    public IReadOnlyDictionary<string, long> Rejected => _rejected;

    /// <summary>The limiter of one consumer's partition: the global permit first, then the consumer's own.</summary>
    internal RateLimiter CreateLimiter(string consumerId)
    {
        // The registry may have dropped the consumer since it was authenticated: the defaults then.
        Consumer consumer = _registry.CurrentValue.Find(consumerId) ?? new Consumer();
        return new ConsumerRouteLimiter(_store.CreateLimiter(consumerId, consumer), _global);
    }

    /// <summary>429 problem+json with Retry-After: <c>OVERLOADED</c> for the global limit, else <c>RATE_LIMITED</c>.</summary>
    internal ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        HttpContext http = context.HttpContext;
        bool global = context.Lease.TryGetMetadata(MetadataName.ReasonPhrase, out string? reason) && reason == ErrorCode.Overloaded;
        TimeSpan wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after) ? after : TimeSpan.FromSeconds(1);
        IConsumerFeature? consumer = http.Consumer();
        _rejected.AddOrUpdate(global ? "*" : consumer?.ConsumerId ?? "?", 1, static (_, n) => n + 1);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem = global
            ? Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCode.Overloaded, "Too many requests.", "The platform is at capacity; retry after the time in Retry-After.")
            : Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCode.RateLimited, "Too many requests.",
                $"Client '{consumer?.ConsumerId}' exceeded its rate limit ({consumer?.Consumer.RatePerSecond}/s, burst {consumer?.Consumer.Burst}); retry after the time in Retry-After.");
        return new ValueTask(problem.ExecuteAsync(http));
    }

    public void Dispose() => _global.Dispose();
}
