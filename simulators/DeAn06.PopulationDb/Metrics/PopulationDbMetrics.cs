using System.Diagnostics.Metrics;
using DeAn06.PopulationDb.Faults;
using DeAn06.PopulationDb.Population;

namespace DeAn06.PopulationDb.Metrics;

/// <summary>
/// The simulator's own meter ("DeAn06.PopulationDb"): how many citizens it holds and which faults it
/// injected, so a load or fault run can tell the simulator's refusals from the services' own.
/// </summary>
internal sealed class PopulationDbMetrics
{
    public const string MeterName = "DeAn06.PopulationDb";

    private readonly Counter<long> _faults;

    public PopulationDbMetrics(IMeterFactory meters, PopulationHolder population)
    {
        Meter meter = meters.Create(MeterName);
        meter.CreateObservableGauge("dean06_population_db_citizens", () => population.Store?.Count ?? 0, description: "Citizens in the generated population (0 while generating).");
        _faults = meter.CreateCounter<long>("dean06_population_db_faults_injected_total", description: "Citizen-API calls answered with an injected fault, by kind.");
    }

    public void Injected(FaultKind kind) => _faults.Add(1, new KeyValuePair<string, object?>("kind", kind switch
    {
        FaultKind.Error => "error",
        FaultKind.Throttle => "throttle",
        FaultKind.Timeout => "timeout",
        FaultKind.Reset => "reset",
        FaultKind.Maintenance => "maintenance",
        _ => "none",
    }));
}
