using System.Net.Http.Headers;
using System.Text;

namespace DeAn06.Testing.Contracts;

/// <summary>
/// Replays requests against a real service and collects every way the exchanges break its
/// contract: answers that do not conform, good requests that fail or that the contract would
/// refuse, bad requests that do not get a 4xx, and anything the contract calls invalid that succeeds.
/// </summary>
public sealed class ContractReplay(ContractValidator contract, HttpClient client)
{
    private readonly List<string> _failures = [];

    /// <summary>Every failure so far, one per line (empty: all conformed).</summary>
    public string Failures => string.Join("\n", _failures);

    public int Count { get; private set; }

    /// <summary>Sends one request and checks it and its answer; returns the answer's Location header.</summary>
    /// <param name="good">Whether the request is one the service must accept (2xx) or must refuse (4xx); null: either (injected faults).</param>
    public async Task<string?> ExchangeAsync(HttpMethod method, string path, bool? good, string? contentType = null, string? body = null,
        IReadOnlyDictionary<string, string>? headers = null, HttpClient? via = null)
    {
        Count++;
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        using HttpResponseMessage response = await (via ?? client).SendAsync(request);
        string answer = await response.Content.ReadAsStringAsync();
        int status = (int)response.StatusCode;
        string what = $"{method} {path} → {status}";
        IReadOnlyList<string> requestFaults = contract.CheckRequest(method, path, contentType, body);
        _failures.AddRange(contract.CheckResponse(method, path, status, response.Content.Headers.ContentType, answer).Select(f => $"{what}: {f}"));
        if (good == true && status is < 200 or > 299)
        {
            _failures.Add($"{what}: a good request failed: {Shorten(answer)}");
        }
        else if (good == false && status is < 400 or > 499)
        {
            _failures.Add($"{what}: a bad request did not get a 4xx: {Shorten(answer)}");
        }

        if (good == true && requestFaults.Count > 0)
        {
            _failures.Add($"{what}: a good request the contract calls invalid: {string.Join("; ", requestFaults)}");
        }
        else if (status is >= 200 and <= 299 && requestFaults.Count > 0)
        {
            _failures.Add($"{what}: succeeded although the contract calls the request invalid: {string.Join("; ", requestFaults)}");
        }

        return response.Headers.Location?.ToString();
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
