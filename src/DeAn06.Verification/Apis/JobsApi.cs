using System.Globalization;
using System.Text;
using System.Text.Json;
using DeAn06.Contracts;
using DeAn06.Contracts.Reports;
using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using DeAn06.Verification.Batch;
using DeAn06.Verification.Errors;
using DeAn06.Verification.Statistics;
using DeAn06.Verification.Storage;
using DeAn06.Verification.Verification;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Apis;

/// <summary>Batch jobs: submit a file, follow progress, stream results and the error report, read the summary, delete.</summary>
public static class JobsApi
{
    public static void MapJobsApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/v1/jobs").WithTags("Jobs");
        api.MapPost("", SubmitAsync).WithName("SubmitJob").WithSummary("Submit a batch file (CSV or NDJSON) as a durable job.")
            .WithDescription("NDJSON: one record per line. CSV: a header naming the same fields (contracts/verification-record.schema.json). "
                + "202 with the new job; 200 with the existing job when Idempotency-Key repeats an earlier submit.")
            .DocumentsBody<VerificationRecord>("application/x-ndjson", "text/csv")
            .Produces<JobStatusResponse>(StatusCodes.Status202Accepted).Produces<JobStatusResponse>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/{id}", StatusAsync).WithName("GetJob").WithSummary("A job's progress.")
            .Produces<JobStatusResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/results", (HttpContext http, string id, IJobStore store, string? format) => StreamAsync(http, id, store, format, rejectedOnly: false))
            .WithName("GetJobResults").WithSummary("A completed job's results, one per line (NDJSON, or CSV with format=csv).")
            .Produces<VerificationResult>(StatusCodes.Status200OK, "application/x-ndjson", "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/errors", (HttpContext http, string id, IJobStore store, string? format) => StreamAsync(http, id, store, format, rejectedOnly: true))
            .WithName("GetJobErrors").WithSummary("The lines that could not be read (verdict REJECTED), one per line.")
            .Produces<VerificationResult>(StatusCodes.Status200OK, "application/x-ndjson", "text/csv").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/summary", SummaryAsync).WithName("GetJobSummary").WithSummary("A job's counts and its report line (JSON, or text with format=text).")
            .Produces<JobSummary>(StatusCodes.Status200OK, "application/json", "text/plain").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteJob").WithSummary("Erase a job, its records and results; its anonymous counts stay.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// The owner's erasure: the job, its submitted records and its results go at once (a running job
    /// stops); only its anonymous counts stay in the statistics. Another sector's job is "not found".
    /// </summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, string id, IJobStore store, ParsedChunks parsed, JobProgress progress)
    {
        if (await FindAsync(http, id, store) is not { } job)
        {
            return NotFound(id);
        }

        parsed.Forget(job.Number);
        await store.EraseJobAsync(job.Number, http.RequestAborted);
        progress.Finished(job.Id);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, JobIntake intake, IJobStore store, IStatisticsStore statistics, JobProgress progress, IOptions<BatchOptions> options, string? format)
    {
        var caller = http.Caller();
        string? kind = (format ?? http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant()) switch
        {
            "csv" or "text/csv" => "csv",
            "ndjson" or "application/x-ndjson" or "application/jsonl" or "application/ndjson" => "ndjson",
            _ => null,
        };
        if (kind is null)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, ErrorCode.UnknownFormat, "Unknown file format.",
                "Send CSV (Content-Type: text/csv) or NDJSON (Content-Type: application/x-ndjson), or say ?format=csv|ndjson.");
        }

        if (http.Request.ContentLength > options.Value.MaxUploadBytes)
        {
            return TooLarge(options.Value.MaxUploadBytes);
        }

        // Kestrel cuts bodies off at 30 MB by default; this endpoint enforces Batch:MaxUploadBytes itself.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.Value.MaxUploadBytes;
        }

        string? key = http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } k ? k : null;
        if (key is { Length: > 128 })
        {
            return Problems.BadRequest(ErrorCode.InvalidField, "Idempotency-Key must be at most 128 characters.");
        }

        if (key is not null && await store.FindByIdempotencyKeyAsync(caller.Sector, key, http.RequestAborted) is { } existing)
        {
            // A retried submit: the same job, not a second one.
            http.Response.Headers.Location = $"/api/v1/jobs/{existing.Id}";
            return TypedResults.Json(await DescribeAsync(existing, statistics, progress, http.RequestAborted), ResultJsonContext.Relaxed.JobStatusResponse, statusCode: StatusCodes.Status200OK);
        }

        JobRecord job;
        try
        {
            job = await intake.AcceptAsync(http.Request.Body, kind, caller, key, http.RequestAborted);
        }
        catch (BatchFileException ex)
        {
            return Problems.BadRequest(ex.Code, ex.Message);
        }
        catch (UploadTooLargeException ex)
        {
            return TooLarge(ex.Limit);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19 && key is not null)
        {
            return Problems.Create(StatusCodes.Status409Conflict, ErrorCode.IdempotencyConflict, "A job with this Idempotency-Key is being uploaded.",
                "Another upload with the same Idempotency-Key is in progress; wait for it and retry.");
        }

        http.Response.Headers.Location = $"/api/v1/jobs/{job.Id}";
        return TypedResults.Json(await DescribeAsync(job, statistics, progress, http.RequestAborted), ResultJsonContext.Relaxed.JobStatusResponse, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// The job's status; with <c>?wait=N</c> (1–30 seconds) a long poll: the answer is held until the job
    /// has finished or N seconds have passed, so a client follows a job without polling it.
    /// </summary>
    private static async Task<IResult> StatusAsync(HttpContext http, string id, IJobStore store, IStatisticsStore statistics, JobProgress progress, TimeProvider time, string? wait)
    {
        int seconds = 0;
        if (wait is not null && (!int.TryParse(wait, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds is < 0 or > MaxWaitSeconds))
        {
            return Problems.BadRequest(ErrorCode.InvalidQuery, $"wait must be a whole number of seconds from 0 to {MaxWaitSeconds}.");
        }

        if (await FindAsync(http, id, store) is not { } job)
        {
            return NotFound(id);
        }

        if (seconds > 0 && !Finished(job))
        {
            // Deleted by its owner meanwhile: gone, as for any other read.
            if (await WaitAsync(http, job, store, progress, time, TimeSpan.FromSeconds(seconds)) is not { Status: not JobStatus.Deleted } now)
            {
                return NotFound(id);
            }

            job = now;
        }

        return TypedResults.Json(await DescribeAsync(job, statistics, progress, http.RequestAborted), ResultJsonContext.Relaxed.JobStatusResponse);
    }

    private const int MaxWaitSeconds = 30;

    private static bool Finished(JobRecord job) => job.Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Deleted;

    /// <summary>
    /// Until the job finishes or <paramref name="wait"/> passes: woken at once when this service finishes
    /// it, and reading it again every second for a job another service (same store) may finish.
    /// Null when it is gone meanwhile.
    /// </summary>
    private static async Task<JobRecord?> WaitAsync(HttpContext http, JobRecord job, IJobStore store, JobProgress progress, TimeProvider time, TimeSpan wait)
    {
        long started = time.GetTimestamp();
        CancellationToken ct = http.RequestAborted;
        while (true)
        {
            Task finished = progress.WhenFinished(job.Id);
            // Read after registering, so a finish between the two is never missed.
            if (await store.GetJobAsync(job.Id, ct) is not { } now)
            {
                return null;
            }

            job = now;
            TimeSpan left = wait - time.GetElapsedTime(started);
            if (Finished(job) || left <= TimeSpan.Zero)
            {
                if (Finished(job))
                {
                    progress.Forget(job.Id);
                }

                return job;
            }

            TimeSpan nap = left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
            await Task.WhenAny(finished, Task.Delay(nap, time, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }

    private static async Task<IResult> SummaryAsync(HttpContext http, string id, IJobStore store, IStatisticsStore statistics, string? format)
    {
        if (await FindAsync(http, id, store) is not { } job)
        {
            return NotFound(id);
        }

        var rows = await statistics.QueryAsync(new StatisticsFilter(Source: job.Id), http.RequestAborted);
        StatisticsGroup group = StatisticsGroup.From(rows, byDay: false) is [var g, ..] ? g
            : new StatisticsGroup(job.Sector, job.Province, null, 0, 0, new Dictionary<string, long>(), 0);
        string line = group.ReportLine() + ReportLine.JobNotes(job.Rejected, job.NotCompared);
        return format == "text"
            ? TypedResults.Text(line + "\n", "text/plain; charset=utf-8")
            : TypedResults.Ok(new JobSummary(job.Id, job.Status.ToString(), job.Policy, group.Total, group.Matched, group.Rate, group.ByVerdict,
                job.Rejected, job.NotCompared, line));
    }

    private static async Task<IResult> StreamAsync(HttpContext http, string id, IJobStore store, string? format, bool rejectedOnly)
    {
        if (await FindAsync(http, id, store) is not { } job)
        {
            return NotFound(id);
        }

        if (!rejectedOnly && job.Status != JobStatus.Completed)
        {
            return Problems.Create(StatusCodes.Status409Conflict, ErrorCode.JobNotFinished, "The job has not finished.",
                $"Results are available once the job completes ({job.Processed:N0} of {job.Total:N0} records checked); follow /api/v1/jobs/{job.Id}.");
        }

        if (format is not (null or "ndjson" or "csv"))
        {
            return Problems.BadRequest(ErrorCode.InvalidQuery, "format must be ndjson or csv.");
        }

        bool csv = format == "csv";
        return new StreamedResult(csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8", async (stream, ct) =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024);
            if (csv)
            {
                await writer.WriteLineAsync("line,verdict,maskedId,HoVaTen,NgayThangNamSinh,GioiTinh,SoCMND,differing,idRule,score,MaHoSo,reason");
            }

            await foreach (ResultRow row in store.ReadResultsAsync(job.Number, rejectedOnly, ct))
            {
                await writer.WriteLineAsync(csv ? ResultFormat.Csv(row) : ResultFormat.Json(row));
            }
        });
    }

    internal static async Task<JobStatusResponse> DescribeAsync(JobRecord job, IStatisticsStore statistics, JobProgress progress, CancellationToken ct)
    {
        var counts = (await statistics.QueryAsync(new StatisticsFilter(Source: job.Id), ct))
            .GroupBy(r => r.Verdict).ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
        long done = counts.Values.Sum();
        double? rate = progress.Rate(job.Id, job.Processed);
        double? eta = job.Status == JobStatus.Completed ? 0 : rate is > 0 ? Math.Round((job.Total - job.Processed) / rate.Value, 1) : null;
        string self = $"/api/v1/jobs/{job.Id}";
        return new JobStatusResponse(job.Id, job.Status.ToString(), job.Sector, job.Province, job.Policy, job.Format, job.Total, job.Rejected, done,
            rate is null ? null : Math.Round(rate.Value, 1), eta, counts, progress.IsWaiting(job.Id), job.CreatedAt, job.StartedAt, job.CompletedAt, job.Failure,
            new Dictionary<string, string>
            {
                ["self"] = self,
                ["results"] = self + "/results",
                ["errors"] = self + "/errors",
                ["summary"] = self + "/summary",
            })
        {
            NotCompared = job.NotCompared,
        };
    }

    private static async Task<JobRecord?> FindAsync(HttpContext http, string id, IJobStore store) =>
        await store.GetJobAsync(id, http.RequestAborted) is { } job && job.Sector == http.Caller().Sector && job.Status is not (JobStatus.Uploading or JobStatus.Deleted) ? job : null;

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(string id) =>
        Problems.Create(StatusCodes.Status404NotFound, ErrorCode.JobNotFound, "No such job.", $"There is no job '{id}' for your sector.");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long limit) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, ErrorCode.BodyTooLarge, "The file is too large.",
            $"A job file may be at most {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes; split it into several jobs.");
}
