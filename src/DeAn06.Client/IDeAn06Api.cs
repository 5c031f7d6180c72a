using DeAn06.Contracts;
using Refit;

namespace DeAn06.Client;

/// <summary>
/// The gateway's public API for sector systems (contracts/verification.openapi.json), as a Refit
/// interface. Registered by <c>services.AddDeAn06Client(options)</c> behind the handlers that get
/// tokens, sign request bodies, check the gateway's signature on answers and retry what is safe to
/// retry; a refusal (problem+json) throws <see cref="DeAn06ApiException"/> with its stable code.
/// <see cref="DeAn06Client"/> adds following a job and streaming its results into a file.
/// </summary>
public interface IDeAn06Api
{
    /// <summary>Checks one record against the population DB.</summary>
    [Post("/api/v1/verify")]
    Task<VerificationResponse> VerifyAsync([Body] VerificationRecord record, CancellationToken cancellationToken = default);

    /// <summary>Checks up to 100 records in one call; results in the order sent.</summary>
    [Post("/api/v1/verify/many")]
    Task<VerifyManyResponse> VerifyManyAsync([Body] VerifyManyRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Submits a batch file (<c>text/csv</c> or <c>application/x-ndjson</c>, set on <paramref name="file"/>).
    /// Retried after a transient failure only with an <paramref name="idempotencyKey"/>: the
    /// verification service then answers a repeated submit with the job the first one started.
    /// </summary>
    [Post("/api/v1/jobs")]
    Task<JobStatusResponse> SubmitJobAsync([Body] HttpContent file, [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>A job's status and progress.</summary>
    [Get("/api/v1/jobs/{jobId}")]
    Task<JobStatusResponse> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A job's status once it has finished (completed or failed), or after <paramref name="wait"/>
    /// seconds (1–30) if it is still running: a long poll instead of polling.
    /// </summary>
    [Get("/api/v1/jobs/{jobId}")]
    Task<JobStatusResponse> WaitForJobAsync(string jobId, [Query] int wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// A completed job's results, one per input line in input order (<paramref name="format"/>:
    /// <c>ndjson</c> or <c>csv</c>). The answer is returned once its headers arrive so the body can be
    /// streamed; the caller disposes it and checks its status (these answers are not signed).
    /// </summary>
    [Get("/api/v1/jobs/{jobId}/results")]
    Task<HttpResponseMessage> GetJobResultsAsync(string jobId, [Query] string format = "ndjson", CancellationToken cancellationToken = default);

    /// <summary>The lines of a job that could not be read, with line numbers and reasons; streamed as <see cref="GetJobResultsAsync"/>.</summary>
    [Get("/api/v1/jobs/{jobId}/errors")]
    Task<HttpResponseMessage> GetJobErrorsAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>The job's one-line Vietnamese summary, e.g. "310.080/310.462 (99,87 %) …", with a line end.</summary>
    [Get("/api/v1/jobs/{jobId}/summary?format=text")]
    Task<string> GetJobSummaryAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Deletes one of your sector's jobs with its records and results (only anonymous counts stay).</summary>
    [Delete("/api/v1/jobs/{jobId}")]
    Task DeleteJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Match statistics (operators' clients): <c>format</c> (json, csv, markdown, text) and the filters
    /// the statistics API takes (sector, province, from, to, jobId, groupBy).
    /// </summary>
    [Get("/api/v1/statistics")]
    Task<string> GetStatisticsAsync([Query] IDictionary<string, string> query, CancellationToken cancellationToken = default);
}
