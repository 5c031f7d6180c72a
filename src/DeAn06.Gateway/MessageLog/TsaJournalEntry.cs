using System.Text.Json;

namespace DeAn06.Gateway.MessageLog;

/// <summary>One token the time-stamping authority says it issued: to whom, when, over which hash, with which nonce.</summary>
/// <param name="Requester">Who asked (the gateway's MessageLog:TimeStampRequester).</param>
/// <param name="GenTime">The token's time.</param>
/// <param name="Imprint">The hash it stamped (hex, lower case).</param>
/// <param name="Nonce">The request's nonce (hex); for seals it names the sealed entry (<see cref="SealNonce"/>).</param>
internal sealed record TsaJournalEntry(string Requester, DateTimeOffset GenTime, string Imprint, string Nonce)
{
    /// <summary>
    /// Reads the TSA's journal, one JSON object a line (requester, genTime, imprint, nonce, …), from a file
    /// or from the TSA's HTTP journal endpoint (http://…/journal).
    /// </summary>
    public static async Task<IReadOnlyList<TsaJournalEntry>> LoadAsync(string source, CancellationToken ct)
    {
        string text;
        if (Uri.TryCreate(source, UriKind.Absolute, out Uri? url) && url.Scheme is "http" or "https")
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            text = await http.GetStringAsync(url, ct);
        }
        else
        {
            // Shared for writing: the TSA keeps appending while an auditor reads.
            using var reader = new StreamReader(new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            text = await reader.ReadToEndAsync(ct);
        }

        var entries = new List<TsaJournalEntry>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var json = JsonDocument.Parse(line);
            JsonElement e = json.RootElement;
            entries.Add(new TsaJournalEntry(e.GetProperty("requester").GetString()!, e.GetProperty("genTime").GetDateTimeOffset(),
                e.GetProperty("imprint").GetString()!.ToLowerInvariant(), e.GetProperty("nonce").GetString() ?? ""));
        }

        return entries;
    }
}
