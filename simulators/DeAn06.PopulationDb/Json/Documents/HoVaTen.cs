namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>A name in QCVN 109's three parts: family name, middle name(s), given name.</summary>
public sealed record HoVaTen(string Ho, string ChuDem, string Ten);
