using System.Text.Json;

namespace DeAn06.Verification.Upstream;

/// <summary>
/// Reads the population DB's answers: one that is not JSON, or not the contract's shape, makes the
/// call unavailable (UPSTREAM_UNAVAILABLE, retry later) instead of an exception that would end as a 500.
/// </summary>
internal static class Answer
{
    public static T Read<T>(JsonDocument doc, string endpoint, Func<JsonElement, T> read)
    {
        try
        {
            return read(doc.RootElement);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw Unreadable(endpoint, ex);
        }
    }

    public static UpstreamUnavailableException Unreadable(string endpoint, Exception inner) =>
        new($"The population DB's {endpoint.Replace("api/v1/", "", StringComparison.Ordinal)} answer does not follow its contract ({inner.GetType().Name}).", null, inner);
}
