using System.Text.Json;

namespace DeAn06.Client;

/// <summary>Reads an RFC 9457 problem+json answer into a <see cref="DeAn06ApiException"/>.</summary>
internal static class Problem
{
    /// <summary>Refit's exception factory: null for a success, else the problem as an exception.</summary>
    public static Func<HttpResponseMessage, ValueTask<Exception?>> ExceptionFactory(TimeProvider time) => async response =>
        response.IsSuccessStatusCode ? null : ToException(response, await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false), time);

    /// <summary>Throws the answer's problem unless it is a success.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, TimeProvider time, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(response, await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false), time);
        }
    }

    public static DeAn06ApiException ToException(HttpResponseMessage response, byte[] body, TimeProvider time)
    {
        string? code = null, title = null, detail = null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = Text(doc.RootElement, "code");
                title = Text(doc.RootElement, "title");
                detail = Text(doc.RootElement, "detail");
            }
        }
        catch (JsonException)
        {
            detail = body.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        }

        TimeSpan? retryAfter = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
        string? requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
        return new DeAn06ApiException(response.StatusCode, code ?? $"HTTP_{(int)response.StatusCode}", title, detail, requestId, retryAfter);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
