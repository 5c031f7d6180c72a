using System.Globalization;
using System.Text.Json;
using DeAn06.Contracts;
using DeAn06.Contracts.Csv;
using DeAn06.Matching.Comparison;
using DeAn06.Verification.Storage;

namespace DeAn06.Verification.Verification;

/// <summary>A stored result as one NDJSON or CSV line.</summary>
internal static class ResultFormat
{
    public static string Json(ResultRow r) =>
        JsonSerializer.Serialize(ToWire(r), ResultJsonContext.Relaxed.VerificationResult);

    public static string Csv(ResultRow r)
    {
        string Level(MatchLevel? l) => l is { } v ? WireNames.Of(v) : "";
        string differing = string.Join('|', RecordComparison.Fields.ToArray().Where(f => (r.Differing & f) != 0).Select(WireNames.Of));
        return string.Join(',', r.Line.ToString(CultureInfo.InvariantCulture), r.Verdict, r.MaskedId ?? "", Level(r.Name), Level(r.BirthDate), Level(r.Gender), Level(r.Cmnd),
            differing, WireNames.Of(r.IdRule) ?? "", r.Verdict == Verdicts.Rejected ? "" : r.Score.ToString("0.###", CultureInfo.InvariantCulture),
            Quote(r.Reference), Quote(r.Verdict == Verdicts.Rejected ? r.Candidates : null));
    }

    public static VerificationResult ToWire(ResultRow r)
    {
        if (r.Verdict == Verdicts.Rejected)
        {
            return new VerificationResult(r.Verdict, Line: r.Line, Reason: r.Candidates);
        }

        Dictionary<string, FieldResult>? fields = null;
        if (r.Name is not null)
        {
            fields = [];
            Add(fields, MatchField.Name, r.Name, r.Scores.Name);
            Add(fields, MatchField.BirthDate, r.BirthDate, r.Scores.BirthDate);
            Add(fields, MatchField.Gender, r.Gender, r.Scores.Gender);
            Add(fields, MatchField.Cmnd, r.Cmnd, r.Scores.Cmnd);
        }

        var differing = RecordComparison.Fields.ToArray().Where(f => (r.Differing & f) != 0).Select(WireNames.Of).ToList();
        IReadOnlyList<CandidateResult>? candidates = r.Candidates is { } c ? JsonSerializer.Deserialize(c, ResultJsonContext.Relaxed.IReadOnlyListCandidateResult) : null;
        return new VerificationResult(r.Verdict, r.MaskedId, fields, differing.Count > 0 ? differing : null, WireNames.Of(r.IdRule),
            fields is null ? null : Math.Round(r.Score, 3), candidates, r.Reference, r.Line);
    }

    private static void Add(Dictionary<string, FieldResult> fields, MatchField field, MatchLevel? level, float score)
    {
        if (level is { } l && l != MatchLevel.Absent)
        {
            fields[WireNames.Of(field)] = new FieldResult(WireNames.Of(l), Math.Round(score, 3));
        }
    }

    private static string Quote(string? s) => CsvCell.Encode(s);
}
