using System.Globalization;
using DeAn06.Contracts;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;
using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using DeAn06.Verification.Errors;
using DeAn06.Verification.Statistics;
using DeAn06.Verification.Verification;
using Microsoft.Extensions.Options;

using DeAn06.Verification.Upstream;

namespace DeAn06.Verification.Apis;

/// <summary>Real-time verification: one record, or up to 100 in one call.</summary>
public static class VerificationApi
{
    public const int MaxRecordsPerCall = 100;

    public static void MapVerificationApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/v1/verify").WithTags("Verification");
        api.MapPost("", VerifyOneAsync).WithName("Verify").WithSummary("Verify one record.")
            .WithDescription("The verdict and per-field levels. Retry-After is set when the verdict is UPSTREAM_UNAVAILABLE.")
            .DocumentsBody<VerificationRecord>("application/json").Produces<VerificationResponse>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/many", VerifyManyAsync).WithName("VerifyMany").WithSummary($"Verify up to {MaxRecordsPerCall} records.")
            .WithDescription("The answers in request order. Retry-After is set when any verdict is UPSTREAM_UNAVAILABLE.")
            .DocumentsBody<VerifyManyRequest>("application/json").Produces<VerifyManyResponse>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> VerifyOneAsync(HttpContext http, Verifier verifier, IOptions<MatchingOptions> matching, IOptions<UpstreamOptions> upstream, StatisticsRecorder stats)
    {
        var (body, error) = await JsonRequest.ReadAsync(http.Request, VerificationJsonContext.Default.VerificationRecord, 16 * 1024);
        if (error is not null)
        {
            return error;
        }

        if (RecordValidation.Read(body!, out string? invalid) is not { } record)
        {
            return Problems.BadRequest(ErrorCode.InvalidField, invalid!);
        }

        var (policy, results) = await RunAsync(http, verifier, matching, upstream, stats, [record], [body!.MaHoSo]);
        return TypedResults.Json(new VerificationResponse(http.RequestId(), policy, results[0]), ResultJsonContext.Relaxed.VerificationResponse);
    }

    private static async Task<IResult> VerifyManyAsync(HttpContext http, Verifier verifier, IOptions<MatchingOptions> matching, IOptions<UpstreamOptions> upstream, StatisticsRecorder stats)
    {
        var (body, error) = await JsonRequest.ReadAsync(http.Request, VerificationJsonContext.Default.VerifyManyRequest, 512 * 1024);
        if (error is not null)
        {
            return error;
        }

        IReadOnlyList<VerificationRecord?>? list = body!.Records;
        if (list is null || list.Count == 0)
        {
            return Problems.BadRequest(ErrorCode.MissingField, $"Records must be a non-empty array of up to {MaxRecordsPerCall} records.");
        }

        if (list.Count > MaxRecordsPerCall)
        {
            return Problems.BadRequest(ErrorCode.TooManyRecords, $"A call verifies at most {MaxRecordsPerCall} records (got {list.Count}); submit a batch job for more.");
        }

        var records = new SectorRecord[list.Count];
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is null || RecordValidation.Read(list[i]!, out string? invalid) is not { } record)
            {
                return Problems.BadRequest(ErrorCode.InvalidField, $"Records[{i}]: {(list[i] is null ? "is null" : RecordValidation.Describe(list[i]!))}",
                    new Dictionary<string, object?> { ["index"] = i });
            }

            records[i] = record;
        }

        var (policy, results) = await RunAsync(http, verifier, matching, upstream, stats, records, list.Select(r => r!.MaHoSo).ToArray());
        return TypedResults.Json(new VerifyManyResponse(http.RequestId(), policy, results), ResultJsonContext.Relaxed.VerifyManyResponse);
    }

    private static async Task<(string Policy, VerificationResult[] Results)> RunAsync(
        HttpContext http, Verifier verifier, IOptions<MatchingOptions> matching, IOptions<UpstreamOptions> upstream, StatisticsRecorder stats, SectorRecord[] records, string?[] references)
    {
        var caller = http.Caller();
        MatchPolicy policy = matching.Value.PolicyFor(caller.Sector);
        Verifier.Outcome[] outcomes = await verifier.VerifyAsync(records, policy, batch: false, withCandidates: true, http.RequestAborted);
        var results = new VerificationResult[outcomes.Length];
        for (int i = 0; i < outcomes.Length; i++)
        {
            results[i] = outcomes[i].ToResult(references[i]);
            stats.Record(caller.Sector, caller.Province, results[i].Verdict);
        }

        // Every UPSTREAM_UNAVAILABLE answer says when to retry: the population DB's own Retry-After
        // when it gave one (throttling, maintenance, open circuit), else the breaker's break duration
        // (a 500, a reset or a timeout give none, and retrying sooner would meet the open circuit).
        if (outcomes.Any(o => o.UpstreamUnavailable))
        {
            TimeSpan retryAfter = outcomes.Select(o => o.RetryAfter).Where(r => r is not null).Max() ?? upstream.Value.Realtime.BreakerBreakDuration;
            http.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return (policy.Name, results);
    }
}
