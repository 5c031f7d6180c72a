using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace DeAn06.Verification.Upstream;

/// <summary>The two Polly pipelines (real-time, batch), each with its own circuit breaker.</summary>
public sealed class UpstreamPipelines
{
    private readonly Lazy<ResiliencePipeline<HttpResponseMessage>> _realtime;
    private readonly Lazy<ResiliencePipeline<HttpResponseMessage>> _batch;
    private readonly CircuitBreakerStateProvider _realtimeCircuit = new();
    private readonly CircuitBreakerStateProvider _batchCircuit = new();

    // Built on first use, not at construction: start-up validation must get to report every invalid
    // setting before anything reads the options.
    public UpstreamPipelines(IOptions<UpstreamOptions> options, TimeProvider time)
    {
        _realtime = new(() => Build(options.Value.Realtime, time, "realtime", _realtimeCircuit));
        _batch = new(() => Build(options.Value.Batch, time, "batch", _batchCircuit));
    }

    public ResiliencePipeline<HttpResponseMessage> Realtime => _realtime.Value;

    public ResiliencePipeline<HttpResponseMessage> Batch => _batch.Value;

    /// <summary>Each pipeline's circuit to the population DB: Closed, Open, HalfOpen or Isolated (Closed until first used).</summary>
    public (CircuitState Realtime, CircuitState Batch) Circuits =>
        (_realtime.IsValueCreated ? _realtimeCircuit.CircuitState : CircuitState.Closed, _batch.IsValueCreated ? _batchCircuit.CircuitState : CircuitState.Closed);

    /// <summary>Failures worth retrying and counting against the breaker; a Retry-After longer than we may wait is not retried.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome, ResilienceOptions o, TimeProvider time) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException or IOException } => true,
        { Result: { } r } => IsTransientStatus(r.StatusCode) && (RetryAfter(r, time) is not { } wait || wait <= o.MaxRetryAfter),
        _ => false,
    };

    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private static ResiliencePipeline<HttpResponseMessage> Build(ResilienceOptions o, TimeProvider time, string name, CircuitBreakerStateProvider state) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { Name = name, TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(o.MaxRetries, 0),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.BaseDelay,
                MaxDelay = o.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not BrokenCircuitException && IsTransient(args.Outcome, o, time)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r && RetryAfter(r, time) is { } wait ? (TimeSpan?)wait : null),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumThroughput,
                SamplingDuration = o.BreakerSamplingDuration,
                BreakDuration = o.BreakerBreakDuration,
                StateProvider = state,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, o, time) || args.Outcome.Result is { StatusCode: HttpStatusCode.ServiceUnavailable }),
            })
            .AddTimeout(o.AttemptTimeout)
            .Build();
}
