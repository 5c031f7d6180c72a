namespace DeAn06.PopulationDb.Journal;

/// <summary>
/// A citizen-API call as the journal and the fault rules see it, set once on <see cref="HttpContext.Features"/>
/// by <see cref="JournalMiddleware"/>: the numbers its body carries (read once) and what was injected into it.
/// </summary>
public sealed class CitizenCall(IReadOnlyList<string> numbers)
{
    public IReadOnlyList<string> Numbers { get; } = numbers;

    /// <summary>What the fault middleware injected, or null.</summary>
    public string? Fault { get; set; }

    /// <summary>True when the simulator dropped the connection without an answer.</summary>
    public bool Dropped { get; set; }
}
