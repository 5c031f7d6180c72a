using System.Diagnostics;
using DeAn06.PopulationDb.Population.Generation;
using Microsoft.Extensions.Options;

namespace DeAn06.PopulationDb.Population;

/// <summary>
/// Generates the population in the background at start-up, so the process answers liveness at once
/// and readiness once the citizens exist.
/// </summary>
public sealed partial class PopulationHolder(IOptions<PopulationOptions> options, ILogger<PopulationHolder> logger) : BackgroundService
{
    private readonly TaskCompletionSource<CitizenStore> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The population, or null while it is being generated.</summary>
    public CitizenStore? Store { get; private set; }

    /// <summary>Completes when the population is ready.</summary>
    public Task<CitizenStore> WhenReady => _ready.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        PopulationOptions o = options.Value;
        long started = Stopwatch.GetTimestamp();
        try
        {
            CitizenStore store = PopulationGenerator.Generate(o.Seed, o.Size, o.ReferenceDate);
            Store = store;
            _ready.TrySetResult(store);
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
            LogGenerated(logger, store.Count, o.Seed, elapsed.TotalMilliseconds);
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
            LogFailed(logger, ex);
            throw;
        }
    }, stoppingToken);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Generated {Count} citizens from seed {Seed} in {ElapsedMs:F0} ms")]
    private static partial void LogGenerated(ILogger logger, int count, ulong seed, double elapsedMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Critical, Message = "Population generation failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
