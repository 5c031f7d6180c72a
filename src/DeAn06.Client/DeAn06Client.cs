using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using DeAn06.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Client;

/// <summary>
/// A sector system's client for the DeAn06 gateway, over <see cref="IDeAn06Api"/>: real-time checks,
/// batch jobs (submitted whole or in signed parts, followed, results streamed to a file), summaries
/// and statistics. Tokens, request signatures, answer-signature checks and retries happen in the
/// handlers <c>services.AddDeAn06Client(options)</c> registers; a refusal throws
/// <see cref="DeAn06ApiException"/> with its stable code, an answer not signed by the gateway
/// <see cref="DeAn06SignatureException"/>. Thread-safe; keep one per client id.
/// </summary>
public sealed class DeAn06Client : IDisposable
{
    private readonly DeAn06ClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ServiceProvider? _ownServices;
    private readonly HttpMessageHandler? _ownTransport;

    /// <summary>
    /// For a console program: a client with its own connections (and the same handlers a host gets
    /// from <c>AddDeAn06Client</c>). Throws <see cref="ArgumentException"/> for invalid options.
    /// </summary>
    public DeAn06Client(DeAn06ClientOptions options)
        : this(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, options, TimeProvider.System, ownsTransport: true)
    {
    }

    /// <summary>
    /// For a console program: a client that sends through <paramref name="transport"/> (a proxy, a
    /// test double, a handler with client certificates), beneath the SDK's own handlers. The
    /// transport is not disposed with the client.
    /// </summary>
    public DeAn06Client(HttpMessageHandler transport, DeAn06ClientOptions options, TimeProvider? time = null)
        : this(transport, options, time ?? TimeProvider.System, ownsTransport: false)
    {
    }

    /// <summary>For dependency injection (<c>services.AddDeAn06Client(options)</c> registers it).</summary>
    public DeAn06Client(IDeAn06Api api, DeAn06ClientOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Api = api;
        _options = options;
        _time = time;
    }

    private DeAn06Client(HttpMessageHandler transport, DeAn06ClientOptions options, TimeProvider time, bool ownsTransport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        var services = new ServiceCollection();
        services.AddSingleton(time);
        // The same registration a host uses, so a console program gets exactly the same pipeline.
        // The transport is ours to share between the API and token clients: never recycled.
        services.AddDeAn06Client(options)
            .ConfigurePrimaryHttpMessageHandler(() => new SharedTransport(transport))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddHttpClient(TokenSource.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SharedTransport(transport))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        _ownServices = services.BuildServiceProvider();
        _ownTransport = ownsTransport ? transport : null;
        Api = _ownServices.GetRequiredService<IDeAn06Api>();
        _options = options;
        _time = time;
    }

    /// <summary>The Refit client underneath, for calls this class does not wrap.</summary>
    public IDeAn06Api Api { get; }

    /// <summary>Checks one record against the population DB.</summary>
    public Task<VerificationResponse> VerifyAsync(VerificationRecord record, CancellationToken cancellationToken = default) =>
        Api.VerifyAsync(record, cancellationToken);

    /// <summary>Checks up to 100 records in one call; results in the order sent.</summary>
    public Task<VerifyManyResponse> VerifyManyAsync(IReadOnlyList<VerificationRecord> records, CancellationToken cancellationToken = default) =>
        Api.VerifyManyAsync(new VerifyManyRequest(records), cancellationToken);

    /// <summary>
    /// Submits a batch file held in memory. With an <paramref name="idempotencyKey"/>, a retried submit
    /// returns the same job instead of starting a second (and only then is a submit retried after a
    /// transient failure). Files past the gateway's signed-body limit: <see cref="SubmitBatchInPartsAsync"/>.
    /// </summary>
    public Task<JobStatusResponse> SubmitBatchAsync(ReadOnlyMemory<byte> file, BatchFormat format, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Api.SubmitJobAsync(Content(new ReadOnlyMemoryContent(file), format), idempotencyKey, cancellationToken);

    /// <summary>
    /// Submits a batch file read from <paramref name="file"/>. Unsigned, it is streamed; signed, it is
    /// read into memory to sign (the signature covers the whole body), so it must fit the gateway's
    /// signed-body limit (<c>Signatures:MaxBodyBytes</c>, 64 MiB by default).
    /// </summary>
    public Task<JobStatusResponse> SubmitBatchAsync(Stream file, BatchFormat format, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        Api.SubmitJobAsync(Content(new StreamContent(file, 1 << 16), format), idempotencyKey, cancellationToken);

    /// <summary>
    /// Submits a file of any size as one job per <paramref name="linesPerPart"/> records (each CSV part
    /// with the header line), reading it as it goes: one part is in memory at a time, never the whole
    /// file. Part n carries the Idempotency-Key <c>{idempotencyKeyPrefix}-{n}</c>, so a retried part
    /// never starts a second job. Jobs in file order.
    /// </summary>
    public async Task<IReadOnlyList<JobStatusResponse>> SubmitBatchInPartsAsync(Stream file, BatchFormat format, string idempotencyKeyPrefix,
        int linesPerPart = BatchParts.DefaultLinesPerPart, CancellationToken cancellationToken = default)
    {
        var jobs = new List<JobStatusResponse>();
        await foreach (JobStatusResponse job in SubmitBatchPartsAsync(file, format, idempotencyKeyPrefix, linesPerPart, partsInFlight: 1, cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(job);
        }

        return jobs;
    }

    /// <summary>
    /// Submits a file of any size as one job per <paramref name="linesPerPart"/> records, as
    /// <see cref="SubmitBatchInPartsAsync"/> does, and yields each part's job, in file order, as soon as
    /// it is accepted: the service starts checking a part while later ones are still read, signed and
    /// uploaded, so the caller can follow and download the first jobs meanwhile
    /// (<see cref="WaitForJobAsync"/>, <see cref="DownloadResultsAsync"/>). Up to
    /// <paramref name="partsInFlight"/> parts are uploading at once (each signed whole), and the next one
    /// is read meanwhile, so at most <paramref name="partsInFlight"/> + 1 parts are in memory.
    /// </summary>
    public async IAsyncEnumerable<JobStatusResponse> SubmitBatchPartsAsync(Stream file, BatchFormat format, string idempotencyKeyPrefix,
        int linesPerPart = BatchParts.DefaultLinesPerPart, int partsInFlight = 2, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKeyPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(partsInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partsInFlight, 16);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<(Task<JobStatusResponse> Job, BatchPart Part)>();
        int number = 0;
        try
        {
            await foreach (BatchPart part in BatchParts.ReadAsync(file, format == BatchFormat.Csv, linesPerPart, stop.Token).ConfigureAwait(false))
            {
                inFlight.Enqueue((Api.SubmitJobAsync(Content(part.ToContent(), format), $"{idempotencyKeyPrefix}-{++number}", stop.Token), part));
                if (inFlight.Count >= partsInFlight)
                {
                    yield return await NextAsync(inFlight).ConfigureAwait(false);
                }
            }

            while (inFlight.Count > 0)
            {
                yield return await NextAsync(inFlight).ConfigureAwait(false);
            }
        }
        finally
        {
            // Stopped early (a part refused, the caller gone): the other uploads are abandoned, their buffers given back.
            await stop.CancelAsync().ConfigureAwait(false);
            while (inFlight.TryDequeue(out var left))
            {
                try
                {
                    await left.Job.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Already failing or cancelled: the first failure is what the caller sees.
                }
                finally
                {
                    left.Part.Dispose();
                }
            }
        }

        static async Task<JobStatusResponse> NextAsync(Queue<(Task<JobStatusResponse> Job, BatchPart Part)> inFlight)
        {
            var (job, part) = inFlight.Dequeue();
            try
            {
                return await job.ConfigureAwait(false);
            }
            finally
            {
                part.Dispose();
            }
        }
    }

    /// <summary>A job's status and progress.</summary>
    public Task<JobStatusResponse> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Api.GetJobAsync(jobId, cancellationToken);

    /// <summary>
    /// The job's status once it has completed or failed, or after about <paramref name="wait"/> (at most
    /// 30 s) if it is still running: one long-poll request (<c>GET /api/v1/jobs/{id}?wait=</c>) instead
    /// of polling, so the answer comes as soon as the job finishes. A service that does not hold the
    /// request answers at once; then this waits <see cref="DeAn06ClientOptions.PollInterval"/> (at most
    /// <paramref name="wait"/>) before returning, so a loop over it never spins.
    /// </summary>
    public async Task<JobStatusResponse> WaitForJobAsync(string jobId, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wait, TimeSpan.FromSeconds(30));
        long started = _time.GetTimestamp();
        JobStatusResponse status = await Api.WaitForJobAsync(jobId, (int)wait.TotalSeconds, cancellationToken).ConfigureAwait(false);
        TimeSpan held = _time.GetElapsedTime(started);
        if (status.Status is not ("Completed" or "Failed") && held < wait / 2)
        {
            TimeSpan pause = _options.PollInterval < wait ? _options.PollInterval : wait;
            await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
        }

        return status;
    }

    /// <summary>The job's status every <see cref="DeAn06ClientOptions.PollInterval"/> until it completes or fails (the last one included).</summary>
    public async IAsyncEnumerable<JobStatusResponse> FollowJobAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            JobStatusResponse status = await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            yield return status;
            if (status.Status is "Completed" or "Failed")
            {
                yield break;
            }

            await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Streams a completed job's results (one per input line, in input order) into <paramref name="destination"/>.</summary>
    public async Task DownloadResultsAsync(string jobId, Stream destination, BatchFormat format = BatchFormat.Ndjson, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await Api.GetJobResultsAsync(jobId, format == BatchFormat.Csv ? "csv" : "ndjson", cancellationToken).ConfigureAwait(false);
        await CopyAsync(response, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams the lines of a job that could not be read, with line numbers and reasons.</summary>
    public async Task DownloadErrorsAsync(string jobId, Stream destination, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await Api.GetJobErrorsAsync(jobId, cancellationToken).ConfigureAwait(false);
        await CopyAsync(response, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The job's one-line Vietnamese summary, e.g. "310.080/310.462 (99,87 %) …".</summary>
    public async Task<string> GetJobSummaryAsync(string jobId, CancellationToken cancellationToken = default) =>
        (await Api.GetJobSummaryAsync(jobId, cancellationToken).ConfigureAwait(false)).TrimEnd();

    /// <summary>
    /// Deletes one of your sector's jobs: its submitted records and its results are erased at once (a
    /// running job stops); only anonymous counts stay in the statistics. Throws <see cref="DeAn06ApiException"/>
    /// (JOB_NOT_FOUND) for an unknown or already deleted job, or another sector's.
    /// </summary>
    public Task DeleteJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        Api.DeleteJobAsync(jobId, cancellationToken);

    /// <summary>
    /// Match statistics (operators' clients): <paramref name="format"/> is json, csv, markdown or text;
    /// filters as the statistics API takes them (sector, province, from, to, jobId, groupBy).
    /// </summary>
    public Task<string> GetStatisticsAsync(string format = "text", IReadOnlyDictionary<string, string>? filters = null, CancellationToken cancellationToken = default)
    {
        var query = new Dictionary<string, string>(filters ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["format"] = format };
        return Api.GetStatisticsAsync(query, cancellationToken);
    }

    public void Dispose()
    {
        _ownServices?.Dispose();
        _ownTransport?.Dispose();
    }

    private static HttpContent Content(HttpContent content, BatchFormat format)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue(format == BatchFormat.Csv ? "text/csv" : "application/x-ndjson");
        return content;
    }

    private async Task CopyAsync(HttpResponseMessage response, Stream destination, CancellationToken ct)
    {
        await Problem.EnsureSuccessAsync(response, _time, ct).ConfigureAwait(false);
        Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await body.CopyToAsync(destination, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The caller's transport under the factory's handler chains, never disposed by them (the factory
    /// disposes what it built; the transport belongs to whoever made it).
    /// </summary>
    private sealed class SharedTransport(HttpMessageHandler transport) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(transport, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _invoker.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
