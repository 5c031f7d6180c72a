using DeAn06.Contracts;
using DeAn06.Matching.Comparison;
using DeAn06.Matching.Dates;
using DeAn06.Matching.Decisions;
using DeAn06.Matching.Genders;
using DeAn06.Matching.Ids;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;
using DeAn06.Verification.Upstream;

namespace DeAn06.Verification.Verification;

/// <summary>
/// Verifies records: checks IDs locally, looks the valid ones up in the population DB (one bulk call
/// for many), decides under the sector's policy, and proposes candidates for records without an ID.
/// Used by real-time calls and batch jobs alike.
/// </summary>
internal sealed class Verifier(IPopulationDb populationDb)
{
    /// <summary>One decision per record, in order; UPSTREAM_UNAVAILABLE where the population DB could not be asked.</summary>
    public async Task<Outcome[]> VerifyAsync(IReadOnlyList<SectorRecord> records, MatchPolicy policy, bool batch, bool withCandidates, CancellationToken ct)
    {
        var outcomes = new Outcome[records.Count];
        var lookups = new List<int>(records.Count);
        var ids = new List<IdCheck>(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            IdCheck id = Matcher.CheckId(records[i], out _, out _);
            if (id.IsValid)
            {
                lookups.Add(i);
                ids.Add(id);
            }
            else
            {
                outcomes[i] = new Outcome(Matcher.Decide(records[i], null, policy));
            }
        }

        if (ids.Count > 0)
        {
            ReferenceRecord?[]? found = null;
            try
            {
                found = await populationDb.BulkLookupAsync(ids, batch, ct);
            }
            catch (UpstreamUnavailableException ex) when (!batch)
            {
                for (int k = 0; k < lookups.Count; k++)
                {
                    outcomes[lookups[k]] = Outcome.Unavailable(ids[k], ex.RetryAfter);
                }
            }

            if (found is not null)
            {
                for (int k = 0; k < lookups.Count; k++)
                {
                    outcomes[lookups[k]] = new Outcome(Matcher.Decide(records[lookups[k]], found[k], policy));
                }
            }
        }

        if (withCandidates)
        {
            await ProposeCandidatesAsync(records, outcomes, batch, ct);
        }

        return outcomes;
    }

    private async Task ProposeCandidatesAsync(IReadOnlyList<SectorRecord> records, Outcome[] outcomes, bool batch, CancellationToken ct)
    {
        var missing = Enumerable.Range(0, records.Count).Where(i => outcomes[i].Decision.Verdict == Verdict.MissingId).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            SectorRecord r = records[i];
            if (!BirthDate.TryParse(r.BirthDate, out BirthDate date) || string.IsNullOrWhiteSpace(r.FullName))
            {
                return;
            }

            try
            {
                string? full = date.Precision == DatePrecision.Day ? date.Number.ToString("D8", System.Globalization.CultureInfo.InvariantCulture) : null;
                IReadOnlyList<Candidate> candidates = await populationDb.SearchAsync(r.FullName, full, date.Year, batch, token);
                outcomes[i] = outcomes[i] with { Candidates = candidates };
            }
            catch (UpstreamUnavailableException) when (!batch)
            {
                // Candidates are a courtesy in real time; the verdict stands without them.
            }
        });
    }

    /// <summary>A decision, and for MISSING_ID the candidates found.</summary>
    public sealed record Outcome(MatchDecision Decision, IReadOnlyList<Candidate>? Candidates = null, bool UpstreamUnavailable = false, TimeSpan? RetryAfter = null)
    {
        public static Outcome Unavailable(IdCheck id, TimeSpan? retryAfter) =>
            new(new MatchDecision(Verdict.UpstreamUnavailable, default, MatchField.None, id, 0f), null, true, retryAfter);

        public string VerdictName => WireNames.Of(Decision.Verdict);

        /// <summary>The candidates as callers see them: masked IDs only.</summary>
        public List<CandidateResult>? MaskedCandidates() =>
            Candidates?.Select(c => new CandidateResult(PersonalId.Mask(c.Id), c.Confidence)).ToList();

        public VerificationResult ToResult(string? reference, long? line = null)
        {
            MatchDecision d = Decision;
            string? masked = d.IdCheck.IsValid ? PersonalId.Mask(d.IdCheck.Value, d.IdCheck.Kind) : null;
            Dictionary<string, FieldResult>? fields = null;
            if (d.Verdict is Matching.Decisions.Verdict.Match or Matching.Decisions.Verdict.Mismatch or Matching.Decisions.Verdict.Deceased)
            {
                fields = [];
                foreach (MatchField f in RecordComparison.Fields)
                {
                    FieldComparison c = d.Comparison[f];
                    if (c.Level != MatchLevel.Absent)
                    {
                        fields[WireNames.Of(f)] = new FieldResult(WireNames.Of(c.Level), Math.Round(c.Score, 3));
                    }
                }
            }

            var differing = RecordComparison.Fields.ToArray().Where(f => (d.Differing & f) != 0).Select(WireNames.Of).ToList();
            return new VerificationResult(
                VerdictName,
                masked,
                fields,
                differing.Count > 0 ? differing : null,
                WireNames.Of(d.IdCheck.BrokenRule),
                fields is null ? null : Math.Round(d.Score, 3),
                MaskedCandidates(),
                reference,
                line);
        }
    }
}
