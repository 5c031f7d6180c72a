namespace DeAn06.PopulationDb.Faults;

/// <summary>What happens to one call.</summary>
public enum FaultKind
{
    None,
    Error,
    Throttle,
    Timeout,
    Reset,
    Maintenance,
}
