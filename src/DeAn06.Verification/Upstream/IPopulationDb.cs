using DeAn06.Matching.Ids;
using DeAn06.Matching.Records;

namespace DeAn06.Verification.Upstream;

/// <summary>The population DB as the verification service needs it. Throws <see cref="UpstreamUnavailableException"/> when it cannot answer.</summary>
public interface IPopulationDb
{
    /// <summary>The citizen with this personal ID or CMND, or null when there is none.</summary>
    Task<ReferenceRecord?> LookupAsync(IdCheck id, bool batch, CancellationToken ct);

    /// <summary>Each identifier's citizen or null, in order (only the fields matching needs, so also the cheap way to look up one).</summary>
    Task<ReferenceRecord?[]> BulkLookupAsync(IReadOnlyList<IdCheck> ids, bool batch, CancellationToken ct);

    /// <summary>Candidate IDs for a record without one.</summary>
    Task<IReadOnlyList<Candidate>> SearchAsync(string name, string? birthDate, int birthYear, bool batch, CancellationToken ct);
}
