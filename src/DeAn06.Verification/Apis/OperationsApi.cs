using DeAn06.Contracts;
using DeAn06.ServiceDefaults;
using DeAn06.Verification.Batch;
using DeAn06.Verification.Errors;
using DeAn06.Verification.Storage;
using DeAn06.Verification.Verification;

namespace DeAn06.Verification.Apis;

/// <summary>
/// What operators look at across sectors: every sector's recent jobs with progress, and a sample of
/// masked results with a given verdict to see why records fail. Reached through the gateway's
/// operator-only routes; results carry masked IDs and field levels, never names or full IDs.
/// </summary>
public static class OperationsApi
{
    public static void MapOperationsApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/v1/operations").WithTags("Operations");
        api.MapGet("/jobs", JobsAsync).WithName("GetRecentJobs").WithSummary("Every sector's recent jobs with progress (operators).")
            .Produces<IReadOnlyList<JobStatusResponse>>();
        api.MapGet("/samples", SamplesAsync).WithName("GetResultSamples").WithSummary("A sample of masked results with a given verdict (operators).")
            .Produces<IReadOnlyList<ResultSample>>();
        api.MapGet("/upstream", (Upstream.UpstreamPipelines pipelines) =>
        {
            var (realtime, batch) = pipelines.Circuits;
            return TypedResults.Ok(new Dictionary<string, string> { ["realtime"] = realtime.ToString(), ["batch"] = batch.ToString() });
        }).WithName("GetUpstreamCircuits").WithSummary("The population-DB circuit breakers' states (Closed, Open, HalfOpen, Isolated), real-time and batch.");
    }

    private static async Task<IResult> JobsAsync(IJobStore store, IStatisticsStore statistics, JobProgress progress, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > 500)
        {
            return Problems.BadRequest(ErrorCode.InvalidQuery, "limit must be between 1 and 500.");
        }

        var jobs = new List<JobStatusResponse>();
        foreach (JobRecord job in await store.RecentJobsAsync(limit ?? 50, ct))
        {
            jobs.Add(await JobsApi.DescribeAsync(job, statistics, progress, ct));
        }

        return TypedResults.Json(jobs, ResultJsonContext.Relaxed.IReadOnlyListJobStatusResponse);
    }

    private static async Task<IResult> SamplesAsync(IJobStore store, string? verdict, string? sector, string? province, int? limit, CancellationToken ct)
    {
        if (verdict is null || !(Verdicts.Final.Contains(verdict) || verdict is Verdicts.Rejected or Verdicts.UpstreamUnavailable))
        {
            return Problems.BadRequest(ErrorCode.InvalidQuery, $"verdict must be one of {string.Join(", ", Verdicts.Final)}, {Verdicts.Rejected} or {Verdicts.UpstreamUnavailable}.");
        }

        if (limit is < 1 or > 200)
        {
            return Problems.BadRequest(ErrorCode.InvalidQuery, "limit must be between 1 and 200.");
        }

        var samples = (await store.SampleResultsAsync(verdict, sector, province, limit ?? 20, ct))
            .Select(s => new ResultSample(s.Job.Id, s.Job.Sector, s.Job.Province, ResultFormat.ToWire(s.Result)))
            .ToList();
        return TypedResults.Json(samples, ResultJsonContext.Relaxed.IReadOnlyListResultSample);
    }
}
