using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DeAn06.Matching.Ids;
using DeAn06.Matching.Records;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DeAn06.Verification.Upstream;

/// <summary>HTTP client of the population DB (simulator API) behind the Polly pipelines.</summary>
internal sealed class PopulationDbClient(HttpClient http, UpstreamPipelines pipelines, IOptions<UpstreamOptions> options, TimeProvider time) : IPopulationDb
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<ReferenceRecord?> LookupAsync(IdCheck id, bool batch, CancellationToken ct)
    {
        byte[] body = Body(w => w.WriteString(id.Kind == IdKind.Cmnd ? "SoCMND" : "SoDinhDanh", Format(id)));
        using JsonDocument? doc = await SendAsync("api/v1/TraCuuThongTinCongDan", body, batch, allowNotFound: true, ct);
        return doc is null ? null : Answer.Read(doc, "TraCuuThongTinCongDan", root => CitizenJson.Read(root));
    }

    public async Task<ReferenceRecord?[]> BulkLookupAsync(IReadOnlyList<IdCheck> ids, bool batch, CancellationToken ct)
    {
        var results = new ReferenceRecord?[ids.Count];
        int size = options.Value.BulkSize;
        int sliceCount = (ids.Count + size - 1) / size;
        async ValueTask LookUpSlice(int slice, CancellationToken token)
        {
            int start = slice * size;
            int count = Math.Min(size, ids.Count - start);
            byte[] body = Body(w =>
            {
                w.WriteStartArray("SoDinhDanh");
                for (int i = start; i < start + count; i++)
                {
                    w.WriteStringValue(Format(ids[i]));
                }

                w.WriteEndArray();
            });
            byte[] answer = (await SendForBytesAsync("api/v1/TraCuuThongTinCongDan/bulk", body, batch, allowNotFound: false, token))!;
            ReferenceRecord?[] answered;
            try
            {
                answered = BulkAnswerReader.Read(answer, count);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
            {
                throw Answer.Unreadable("api/v1/TraCuuThongTinCongDan/bulk", ex);
            }

            if (answered.Length != count)
            {
                // Fewer items would silently turn the rest into NOT_FOUND.
                throw new UpstreamUnavailableException($"The population DB's TraCuuThongTinCongDan/bulk answer has {answered.Length} items for {count} numbers.");
            }

            answered.CopyTo(results, start);
        }

        if (sliceCount == 1)
        {
            await LookUpSlice(0, ct); // the real-time case: no scheduling machinery for one call
        }
        else
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, sliceCount), new ParallelOptions { MaxDegreeOfParallelism = options.Value.BulkConcurrency, CancellationToken = ct }, LookUpSlice);
        }

        return results;
    }

    public async Task<IReadOnlyList<Candidate>> SearchAsync(string name, string? birthDate, int birthYear, bool batch, CancellationToken ct)
    {
        byte[] body = Body(w =>
        {
            w.WriteString("HoVaTen", name);
            if (birthDate is not null)
            {
                w.WriteString("NgayThangNamSinh", birthDate);
            }
            else
            {
                w.WriteString("NamSinh", birthYear.ToString("D4", CultureInfo.InvariantCulture));
            }
        });
        using JsonDocument doc = (await SendAsync("api/v1/TimKiemCongDan", body, batch, allowNotFound: false, ct))!;
        return Answer.Read(doc, "TimKiemCongDan", root => root.GetProperty("UngVien").EnumerateArray()
            .Select(c => new Candidate(long.Parse(c.GetProperty("SoDinhDanh").GetString()!, CultureInfo.InvariantCulture), c.GetProperty("DoTinCay").GetDouble()))
            .ToList());
    }

    private async Task<JsonDocument?> SendAsync(string path, byte[] body, bool batch, bool allowNotFound, CancellationToken ct)
    {
        byte[]? answer = await SendForBytesAsync(path, body, batch, allowNotFound, ct);
        try
        {
            return answer is null ? null : JsonDocument.Parse(answer);
        }
        catch (JsonException ex)
        {
            throw Answer.Unreadable(path, ex);
        }
    }

    /// <summary>The answer's bytes; null for a 404 when <paramref name="allowNotFound"/>.</summary>
    private async Task<byte[]?> SendForBytesAsync(string path, byte[] body, bool batch, bool allowNotFound, CancellationToken ct)
    {
        ResiliencePipeline<HttpResponseMessage> pipeline = batch ? pipelines.Batch : pipelines.Realtime;
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(async token =>
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = Json;
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.BaseAddress, path)) { Content = content };
                return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
            }, ct);
        }
        catch (BrokenCircuitException ex)
        {
            throw new UpstreamUnavailableException("The circuit to the population DB is open after repeated failures.", ex.RetryAfter, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or IOException)
        {
            throw new UpstreamUnavailableException($"The population DB did not answer: {ex.Message}", null, ex);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound && allowNotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new UpstreamUnavailableException(
                    $"The population DB answered {(int)response.StatusCode}.", UpstreamPipelines.RetryAfter(response, time));
            }

            return await response.Content.ReadAsByteArrayAsync(ct);
        }
    }

    private static string Format(IdCheck id) =>
        id.Value.ToString(id.Kind == IdKind.Cmnd ? "D9" : "D12", CultureInfo.InvariantCulture);

    private static byte[] Body(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
