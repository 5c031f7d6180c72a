using System.Diagnostics.Metrics;
using DeAn06.Verification.Batch;
using DeAn06.Verification.Upstream;
using Polly.CircuitBreaker;

namespace DeAn06.Verification.Metrics;

/// <summary>
/// The verification service's own meter ("DeAn06.Verification"), exposed on /metrics and, when
/// configured, over OTLP: verdicts by sector (real time and batch), the circuit breakers to the
/// population DB and the batch jobs running now. Names as listed in docs/operations.md.
/// </summary>
internal sealed class VerificationMetrics
{
    public const string MeterName = "DeAn06.Verification";

    private readonly Counter<long> _realtime;
    private readonly Counter<long> _batch;

    public VerificationMetrics(IMeterFactory meters, UpstreamPipelines pipelines, JobProgress progress)
    {
        Meter meter = meters.Create(MeterName);
        _realtime = meter.CreateCounter<long>("dean06_verification_realtime_verdicts_total", description: "Real-time verifications by sector and verdict.");
        _batch = meter.CreateCounter<long>("dean06_verification_batch_verdicts_total", description: "Batch records checked, by sector and verdict.");
        meter.CreateObservableGauge("dean06_verification_upstream_circuit_open", () =>
        {
            var (realtime, batch) = pipelines.Circuits;
            return new[] { Circuit("realtime", realtime), Circuit("batch", batch) };
        }, description: "1 while the circuit breaker to the population DB is open (calls refused at once), per pipeline.");
        meter.CreateObservableGauge("dean06_verification_batch_jobs_running", () => progress.RunningJobs, description: "Batch jobs being worked on now.");
        meter.CreateObservableGauge("dean06_verification_batch_jobs_waiting_for_upstream", () => progress.WaitingForUpstream, description: "Running batch jobs waiting for the population DB.");
    }

    public void Realtime(string sector, string verdict) =>
        _realtime.Add(1, new KeyValuePair<string, object?>("sector", sector), new KeyValuePair<string, object?>("verdict", verdict));

    public void Batch(string sector, string verdict, long count) =>
        _batch.Add(count, new KeyValuePair<string, object?>("sector", sector), new KeyValuePair<string, object?>("verdict", verdict));

    private static Measurement<int> Circuit(string pipeline, CircuitState state) =>
        new(state is CircuitState.Open or CircuitState.Isolated ? 1 : 0, new KeyValuePair<string, object?>("pipeline", pipeline));
}
