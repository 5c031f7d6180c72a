using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace DeAn06.Client;

/// <summary>
/// What the standard resilience handler may retry. Transient failures (connection errors, timeouts,
/// 408, 429 RATE_LIMITED/OVERLOADED, 5xx such as 503 UPSTREAM_UNAVAILABLE), after the Retry-After the
/// gateway gives, except a batch submission without an Idempotency-Key: the verification service
/// only recognises a repeated submit by that key, so repeating one without it could start the same
/// batch twice. A submit with a key is also retried on 409 IDEMPOTENCY_CONFLICT (the first upload
/// with that key is still being stored; the retry then gets its job). Real-time checks change
/// nothing but the statistics (a check repeated after a lost answer may count twice) and are retried.
/// </summary>
internal static class RetryRules
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static ValueTask<bool> ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args) =>
        ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage() ?? args.Outcome.Result?.RequestMessage));

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        if (request is null)
        {
            return false; // cannot tell what it was: not safe to assume it can be repeated
        }

        bool keyed = request.Headers.Contains(IdempotencyKeyHeader);
        if (IsJobSubmission(request) && !keyed)
        {
            return false;
        }

        return HttpClientResiliencePredicates.IsTransient(outcome)
            || (keyed && outcome.Result?.StatusCode == HttpStatusCode.Conflict);
    }

    /// <summary>
    /// What counts against the circuit breaker: transient failures except 429, which is the gateway
    /// pacing this client (the retry already waits as told), not the gateway failing.
    /// </summary>
    public static ValueTask<bool> BreaksCircuit(CircuitBreakerPredicateArguments<HttpResponseMessage> args) =>
        ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome) && args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests);

    /// <summary>POST /api/v1/jobs: the one call that creates something each time it is sent.</summary>
    public static bool IsJobSubmission(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post
        && request.RequestUri is { } uri
        && uri.AbsolutePath.TrimEnd('/').EndsWith("/api/v1/jobs", StringComparison.Ordinal);
}
