using DeAn06.PopulationDb.Population.Generation;
using Microsoft.Extensions.Options;

namespace DeAn06.PopulationDb.Faults;

/// <summary>Holds the current fault settings and draws each call's fate from (seed, sequence number).</summary>
public sealed class FaultInjector
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private State _state;

    public FaultInjector(IOptions<FaultSettings> options, TimeProvider time)
    {
        _time = time;
        _state = NewState(options.Value);
    }

    /// <summary>The settings in force.</summary>
    public FaultSettings Settings => _state.Settings;

    /// <summary>When the current maintenance window ends, or null.</summary>
    public DateTimeOffset? MaintenanceUntil => _state.MaintenanceUntil > _time.GetUtcNow() ? _state.MaintenanceUntil : null;

    /// <summary>Replaces the settings and restarts the fault sequence, so a test run repeats exactly.</summary>
    public void Apply(FaultSettings settings)
    {
        lock (_gate)
        {
            _state = NewState(settings);
        }
    }

    /// <summary>The fate of the next call and the latency to add before it.</summary>
    public (FaultKind Kind, TimeSpan Latency) Next()
    {
        State state = _state;
        FaultSettings s = state.Settings;
        if (state.MaintenanceUntil is { } until && _time.GetUtcNow() < until)
        {
            return (FaultKind.Maintenance, TimeSpan.Zero);
        }

        long n = Interlocked.Increment(ref state.Sequence);
        var rng = Rng.For(s.Seed, (ulong)n);
        double latency = s.LatencyMs + rng.NextDouble() * s.LatencyJitterMs;
        double u = rng.NextDouble();
        FaultKind kind =
            u < s.ResetRate ? FaultKind.Reset :
            u < s.ResetRate + s.TimeoutRate ? FaultKind.Timeout :
            u < s.ResetRate + s.TimeoutRate + s.ErrorRate ? FaultKind.Error :
            u < s.ResetRate + s.TimeoutRate + s.ErrorRate + s.ThrottleRate ? FaultKind.Throttle :
            FaultKind.None;
        return (kind, TimeSpan.FromMilliseconds(latency));
    }

    private State NewState(FaultSettings settings) => new()
    {
        Settings = settings,
        MaintenanceUntil = settings.MaintenanceForSeconds > 0 ? _time.GetUtcNow().AddSeconds(settings.MaintenanceForSeconds) : null,
    };

    private sealed class State
    {
        public long Sequence;

        public required FaultSettings Settings { get; init; }

        public DateTimeOffset? MaintenanceUntil { get; init; }
    }
}
