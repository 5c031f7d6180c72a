using DeAn06.Contracts;
using DeAn06.Contracts.Reports;
using DeAn06.ServiceDefaults;
using DeAn06.Verification.Batch;
using DeAn06.Verification.Errors;
using DeAn06.Verification.Storage;
using DeAn06.Verification.Verification;
using Ids = DeAn06.Matching.Ids;

namespace DeAn06.Verification.Apis;

/// <summary>
/// What operators look at across sectors: every sector's recent jobs with progress, and a sample of
/// masked results with a given verdict to see why records fail. Reached through the gateway's
/// operator-only routes; results carry masked IDs and field levels, never names or full IDs.
/// </summary>
public static class OperationsApi
{
    private static readonly string[] Sectors = ["BHXH", "BHYT", "THUE", "DATDAI", "GIAODUC", "YTE", "NOIVU"];

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
        api.MapGet("/names", () => TypedResults.Ok(Names())).WithName("GetNames")
            .WithSummary("Sector and province names for the operators' page: sectors as the reports name them, the 63 provinces of the ID codes and the 34 after the 2025 merger.");
        api.MapGet("/population-db", PopulationDbAsync).WithName("GetPopulationDbReachability")
            .WithSummary("Whether the population DB answers its readiness check now (2 s at most).");
    }

    /// <summary>
    /// What the operators' page writes instead of codes: sectors as the reports name them, the 63
    /// provinces of the ID codes, and the 34 provinces after the 2025 merger with the old codes each
    /// took in (the page's second grouping).
    /// </summary>
    private static object Names()
    {
        string Two(int code) => code.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        var sectors = Sectors.ToDictionary(s => s, SectorNames.Of);
        var provinces = Ids.ProvinceCodes.All.ToDictionary(Two, c => Ids.ProvinceCodes.NameOf(c)!);
        var merged = Ids.ProvinceMerger2025.NewProvinces.Select(n => new
        {
            code = Two(n),
            name = Ids.ProvinceMerger2025.NewNameOf(n),
            old = Ids.ProvinceCodes.All.Where(o => Ids.ProvinceMerger2025.NewProvinceOf(o) == n).Select(Two).ToArray(),
        });
        return new { sectors, provinces, provinces2025 = merged };
    }

    /// <summary>
    /// Whether the population DB answers its readiness check now (2 s at most), for the operators'
    /// status strip; the circuit breakers say whether calls are being let through.
    /// </summary>
    private static async Task<IResult> PopulationDbAsync(IHttpClientFactory factory, Microsoft.Extensions.Options.IOptions<Upstream.UpstreamOptions> options, CancellationToken ct)
    {
        using HttpClient http = factory.CreateClient("operations-probe");
        http.Timeout = TimeSpan.FromSeconds(2);
        int? status = null;
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri(options.Value.BaseAddress, "health/ready"), ct);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // Not answering: reported as unreachable below.
        }

        return TypedResults.Ok(new { reachable = status == StatusCodes.Status200OK, status });
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
