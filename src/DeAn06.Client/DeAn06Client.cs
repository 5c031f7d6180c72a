using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DeAn06.Contracts;

namespace DeAn06.Client;

/// <summary>
/// A sector system's client for the DeAn06 gateway: obtains and renews its token, signs every request
/// body with its registered certificate, checks the gateway's signature on every signed answer, and
/// turns problem+json refusals into <see cref="DeAn06ApiException"/> carrying the stable code.
/// Thread-safe; keep one per client id.
/// </summary>
public sealed class DeAn06Client : IDisposable
{
    private static readonly JsonSerializerOptions RequestJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly DeAn06ClientOptions _options;
    private readonly TokenSource _tokens;
    private readonly MessageSigning _signing;

    /// <summary>A client with its own <see cref="HttpClient"/>.</summary>
    public DeAn06Client(DeAn06ClientOptions options)
        : this(new HttpClient(), options, ownsHttpClient: true)
    {
    }

    /// <summary>A client over <paramref name="http"/> (e.g. from IHttpClientFactory); its BaseAddress is set from the options.</summary>
    public DeAn06Client(HttpClient http, DeAn06ClientOptions options)
        : this(http, options, ownsHttpClient: false)
    {
    }

    private DeAn06Client(HttpClient http, DeAn06ClientOptions options, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _ownsHttp = ownsHttpClient;
        _options = options;
        _http.BaseAddress = options.GatewayAddress;
        _tokens = new TokenSource(_http, options, TimeProvider.System);
        _signing = new MessageSigning(options.SigningCertificate, options.PlatformCa, PinOf(options.GatewayCertificateSha256), TimeProvider.System);
    }

    /// <summary>Checks one record against the population DB.</summary>
    public async Task<VerificationResponse> VerifyAsync(VerificationRecord record, CancellationToken cancellationToken = default) =>
        await ReadJsonAsync<VerificationResponse>(await SendSignedAsync(HttpMethod.Post, "api/v1/verify", JsonSerializer.SerializeToUtf8Bytes(record, RequestJson), "application/json", null, cancellationToken), cancellationToken);

    /// <summary>Checks up to 100 records in one call; results in the order sent.</summary>
    public async Task<VerifyManyResponse> VerifyManyAsync(IReadOnlyList<VerificationRecord> records, CancellationToken cancellationToken = default) =>
        await ReadJsonAsync<VerifyManyResponse>(await SendSignedAsync(HttpMethod.Post, "api/v1/verify/many", JsonSerializer.SerializeToUtf8Bytes(new VerifyManyRequest(records), RequestJson), "application/json", null, cancellationToken), cancellationToken);

    /// <summary>
    /// Submits a batch file (the whole body is signed, so it is held in memory: split files past the
    /// gateway's signed-body limit). With an <paramref name="idempotencyKey"/>, a retried submit returns
    /// the same job instead of starting a second.
    /// </summary>
    public async Task<JobStatusResponse> SubmitBatchAsync(ReadOnlyMemory<byte> file, BatchFormat format, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        string type = format == BatchFormat.Csv ? "text/csv" : "application/x-ndjson";
        return await ReadJsonAsync<JobStatusResponse>(await SendSignedAsync(HttpMethod.Post, "api/v1/jobs", file, type, idempotencyKey, cancellationToken), cancellationToken);
    }

    /// <summary>A job's status and progress.</summary>
    public async Task<JobStatusResponse> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        await ReadJsonAsync<JobStatusResponse>(await SendSignedAsync(HttpMethod.Get, $"api/v1/jobs/{Uri.EscapeDataString(jobId)}", null, null, null, cancellationToken), cancellationToken);

    /// <summary>The job's status every <see cref="DeAn06ClientOptions.PollInterval"/> until it completes or fails (the last one included).</summary>
    public async IAsyncEnumerable<JobStatusResponse> FollowJobAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            JobStatusResponse status = await GetJobAsync(jobId, cancellationToken);
            yield return status;
            if (status.Status is "Completed" or "Failed")
            {
                yield break;
            }

            await Task.Delay(_options.PollInterval, cancellationToken);
        }
    }

    /// <summary>Streams a completed job's results (one per input line, in input order) into <paramref name="destination"/>.</summary>
    public Task DownloadResultsAsync(string jobId, Stream destination, BatchFormat format = BatchFormat.Ndjson, CancellationToken cancellationToken = default) =>
        DownloadAsync($"api/v1/jobs/{Uri.EscapeDataString(jobId)}/results?format={(format == BatchFormat.Csv ? "csv" : "ndjson")}", destination, cancellationToken);

    /// <summary>Streams the lines of a job that could not be read, with line numbers and reasons.</summary>
    public Task DownloadErrorsAsync(string jobId, Stream destination, CancellationToken cancellationToken = default) =>
        DownloadAsync($"api/v1/jobs/{Uri.EscapeDataString(jobId)}/errors", destination, cancellationToken);

    /// <summary>The job's one-line Vietnamese summary, e.g. "310.080/310.462 (99,87 %) …".</summary>
    public async Task<string> GetJobSummaryAsync(string jobId, CancellationToken cancellationToken = default) =>
        (await ReadTextAsync(await SendSignedAsync(HttpMethod.Get, $"api/v1/jobs/{Uri.EscapeDataString(jobId)}/summary?format=text", null, null, null, cancellationToken), cancellationToken)).TrimEnd();

    /// <summary>
    /// Deletes one of your sector's jobs: its submitted records and its results are erased at once (a
    /// running job stops); only anonymous counts stay in the statistics. Throws <see cref="DeAn06ApiException"/>
    /// (JOB_NOT_FOUND) for an unknown or already deleted job, or another sector's.
    /// </summary>
    public async Task DeleteJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        (HttpResponseMessage response, byte[] body) = await SendSignedAsync(HttpMethod.Delete, $"api/v1/jobs/{Uri.EscapeDataString(jobId)}", null, null, null, cancellationToken);
        using (response)
        {
            await EnsureSuccessAsync(response, body, cancellationToken);
        }
    }

    /// <summary>
    /// Match statistics (operators' clients): <paramref name="format"/> is json, csv, markdown or text;
    /// filters as the statistics API takes them (sector, province, from, to, jobId, groupBy).
    /// </summary>
    public async Task<string> GetStatisticsAsync(string format = "text", IReadOnlyDictionary<string, string>? filters = null, CancellationToken cancellationToken = default)
    {
        string query = string.Join('&', (filters ?? new Dictionary<string, string>()).Append(new("format", format))
            .Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        return await ReadTextAsync(await SendSignedAsync(HttpMethod.Get, "api/v1/statistics?" + query, null, null, null, cancellationToken), cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        _tokens.Dispose();
    }

    private static string? PinOf(string? sha256)
    {
        string? pin = sha256?.Replace(":", "", StringComparison.Ordinal).Trim();
        return pin is null || (pin.Length == 64 && pin.All(char.IsAsciiHexDigit))
            ? pin
            : throw new ArgumentException("GatewayCertificateSha256 must be the certificate's SHA-256 as 64 hex digits (colons allowed).", nameof(sha256));
    }

    private async Task DownloadAsync(string path, Stream destination, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, path, null, null, null, HttpCompletionOption.ResponseHeadersRead, ct);
        await EnsureSuccessAsync(response, ct);
        await using Stream body = await response.Content.ReadAsStreamAsync(ct);
        await body.CopyToAsync(destination, ct);
    }

    /// <summary>Sends, then reads the whole answer and checks the gateway's signature over its bytes.</summary>
    private async Task<(HttpResponseMessage Response, byte[] Body)> SendSignedAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, string? contentType, string? idempotencyKey, CancellationToken ct)
    {
        HttpResponseMessage response = await SendAsync(method, path, body, contentType, idempotencyKey, HttpCompletionOption.ResponseContentRead, ct);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            _signing.CheckResponse(bytes, response.Headers.TryGetValues(MessageSigning.Header, out var values) ? values.FirstOrDefault() : null);
        }

        return (response, bytes);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, ReadOnlyMemory<byte>? body, string? contentType, string? idempotencyKey, HttpCompletionOption completion, CancellationToken ct)
    {
        string? signature = body is { } b ? _signing.Sign(b) : null;
        for (int attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _tokens.GetAsync(forceRenewal: attempt > 0, ct));
            if (body is { } content)
            {
                request.Content = new ReadOnlyMemoryContent(content);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!);
                if (signature is not null)
                {
                    request.Headers.Add(MessageSigning.Header, signature);
                }
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            HttpResponseMessage response = await _http.SendAsync(request, completion, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                response.Dispose(); // the token may have been revoked by a key rotation: one fresh try
                continue;
            }

            return response;
        }
    }

    private static async Task<T> ReadJsonAsync<T>((HttpResponseMessage Response, byte[] Body) answer, CancellationToken ct)
    {
        using HttpResponseMessage response = answer.Response;
        await EnsureSuccessAsync(response, answer.Body, ct);
        return JsonSerializer.Deserialize<T>(answer.Body, ResponseJson)
            ?? throw new DeAn06ApiException($"The gateway answered {(int)response.StatusCode} with an empty body.");
    }

    private static async Task<string> ReadTextAsync((HttpResponseMessage Response, byte[] Body) answer, CancellationToken ct)
    {
        using HttpResponseMessage response = answer.Response;
        await EnsureSuccessAsync(response, answer.Body, ct);
        return System.Text.Encoding.UTF8.GetString(answer.Body);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            await EnsureSuccessAsync(response, await response.Content.ReadAsByteArrayAsync(ct), ct);
        }
    }

    private static Task EnsureSuccessAsync(HttpResponseMessage response, byte[] body, CancellationToken ct)
    {
        _ = ct;
        return response.IsSuccessStatusCode ? Task.CompletedTask : throw Problem.ToException(response, body);
    }
}
