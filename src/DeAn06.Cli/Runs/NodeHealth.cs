using System.Diagnostics;
using System.Text.Json;
using DeAn06.Cli.Stack;

namespace DeAn06.Cli.Runs;

/// <summary>
/// Each gateway and verification node's /health/ready, for <c>dean06 report</c>. The nodes come from the
/// stack's state file (stack.json): its gateway and verification addresses and any further ones a
/// cluster lists there under a property whose name starts with "gateway" or "verification" (an address
/// or an array of addresses). The statistics need no such list: every verification node writes them to
/// the one store, so the report is already the cluster's total.
/// </summary>
internal static class NodeHealth
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>One node: what it is, where, and whether it answered ready.</summary>
    public sealed record Node(string Kind, Uri Address, bool Ready, string State);

    public static IReadOnlyList<(string Kind, Uri Address)> List(string dataFolder, StackInfo info)
    {
        var nodes = new List<(string, Uri)> { ("gateway", info.Gateway), ("verification", info.Verification) };
        string path = Path.Combine(dataFolder, StackInfo.FileName);
        if (File.Exists(path))
        {
            using JsonDocument state = JsonDocument.Parse(File.ReadAllText(path));
            foreach (JsonProperty p in state.RootElement.EnumerateObject())
            {
                string? kind = p.Name.StartsWith("gateway", StringComparison.OrdinalIgnoreCase) ? "gateway"
                    : p.Name.StartsWith("verification", StringComparison.OrdinalIgnoreCase) ? "verification" : null;
                if (kind is null)
                {
                    continue;
                }

                IEnumerable<JsonElement> values = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray() : [p.Value];
                foreach (JsonElement v in values)
                {
                    if (v.ValueKind == JsonValueKind.String && Uri.TryCreate(v.GetString(), UriKind.Absolute, out Uri? address) && address.Scheme.StartsWith("http", StringComparison.Ordinal))
                    {
                        nodes.Add((kind, address));
                    }
                }
            }
        }

        return [.. nodes.DistinctBy(n => (n.Item1, n.Item2.GetLeftPart(UriPartial.Authority)))];
    }

    public static async Task<IReadOnlyList<Node>> ProbeAsync(IReadOnlyList<(string Kind, Uri Address)> nodes, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = Timeout };
        return await Task.WhenAll(nodes.Select(async n =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using HttpResponseMessage r = await http.GetAsync(new Uri(n.Address, "/health/ready"), ct);
                string state = $"{(r.IsSuccessStatusCode ? "ready" : "not ready")} ({(int)r.StatusCode}, {watch.ElapsedMilliseconds} ms)";
                return new Node(n.Kind, n.Address, r.IsSuccessStatusCode, state);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return new Node(n.Kind, n.Address, false, "unreachable");
            }
        }));
    }

    /// <summary>The section appended to the text and Markdown reports.</summary>
    public static string Format(IReadOnlyList<Node> nodes, bool markdown)
    {
        var text = new System.Text.StringBuilder();
        text.Append(markdown ? "\n## Nodes\n\n| node | address | health |\n| --- | --- | --- |\n" : $"\nNodes ({nodes.Count(n => n.Ready)} of {nodes.Count} ready):\n");
        foreach (Node n in nodes)
        {
            text.Append(markdown ? $"| {n.Kind} | {n.Address} | {n.State} |\n" : $"  {n.Kind,-13} {n.Address,-28} {n.State}\n");
        }

        return text.ToString();
    }
}
