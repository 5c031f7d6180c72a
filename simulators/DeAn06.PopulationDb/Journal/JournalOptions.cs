using System.ComponentModel.DataAnnotations;

namespace DeAn06.PopulationDb.Journal;

/// <summary>Section "Journal": the request journal, kept while the admin API is on (Admin:Key set).</summary>
public sealed class JournalOptions
{
    public const string SectionName = "Journal";

    /// <summary>How many calls the journal keeps (the oldest are forgotten first). The default value is 1000.</summary>
    [Range(1, 100_000)]
    public int Capacity { get; set; } = 1000;
}
