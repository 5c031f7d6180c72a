namespace DeAn06.Matching.Tests.Corpus;

/// <summary>One labelled pair: a sector record, the population-DB record its ID points to, and whether they are the same person.</summary>
public sealed record CorpusPair(int Case, string Variation, bool Same, CorpusSector Sector, CorpusReference Reference);

public sealed record CorpusSector(string? Id, string? Name, string? BirthDate, string? Gender);

/// <summary>BirthDate is yyyyMMdd, or yyyy when the population DB knows only the year; Gender is the QCVN code.</summary>
public sealed record CorpusReference(string Id, string? Cmnd, string Name, string BirthDate, string Gender, bool Deceased);
