namespace DeAn06.PopulationDb.Population;

/// <summary>A citizen added at run time, kept as the JSON the look-ups answer with (written once, when added).</summary>
public sealed record RuntimeCitizen(long Id, int Cmnd, byte[] Full, byte[] Compact);
