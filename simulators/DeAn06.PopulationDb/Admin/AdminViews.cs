using DeAn06.PopulationDb.Faults;
using DeAn06.PopulationDb.Journal;

namespace DeAn06.PopulationDb.Admin;

/// <summary>A fault rule in force, under the id that removes it.</summary>
public sealed record FaultRuleView(string Id, FaultRule Rule);

/// <summary>The journal's last entries, oldest first, and how many it keeps at most.</summary>
public sealed record JournalView(int Capacity, IReadOnlyList<JournalEntry> Entries);

/// <summary>A citizen added at run time: its masked ID (the record itself is what the look-ups answer).</summary>
public sealed record RuntimeCitizenView(string MaskedId, string Lookup);
