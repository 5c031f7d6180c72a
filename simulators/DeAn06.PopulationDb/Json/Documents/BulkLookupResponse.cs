namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>A bulk look-up's answers, one per requested number, in request order.</summary>
public sealed record BulkLookupResponse(IReadOnlyList<BulkLookupItem> KetQua);
