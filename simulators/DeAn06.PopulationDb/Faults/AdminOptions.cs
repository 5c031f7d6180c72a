namespace DeAn06.PopulationDb.Faults;

/// <summary>Section "Admin".</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Key required in X-Admin-Key by /admin/*; empty turns the admin API off. The default value is empty.</summary>
    public string? Key { get; set; }
}
