using System.Globalization;

namespace DeAn06.Testing;

/// <summary>
/// Reads samples out of a Prometheus text exposition. A sample is its name and its set of labels:
/// their order on the line carries no meaning (OpenTelemetry's exporter writes them sorted by name).
/// </summary>
public static class PrometheusText
{
    /// <summary>The value of the sample named <paramref name="name"/> with exactly <paramref name="labels"/>; null if absent.</summary>
    public static double? Sample(string exposition, string name, params (string Label, string Value)[] labels)
    {
        var wanted = labels.Select(l => $"{l.Label}=\"{l.Value}\"").Order(StringComparer.Ordinal).ToList();
        foreach (string line in exposition.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            string rest = line[name.Length..];
            List<string> seen = [];
            if (rest.StartsWith('{'))
            {
                int close = rest.LastIndexOf('}');
                // Our label values hold no commas or quotes, so a plain split is enough here.
                seen = rest[1..close].Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
                rest = rest[(close + 1)..];
            }
            else if (!rest.StartsWith(' '))
            {
                continue; // a longer name that starts with this one
            }

            if (seen.SequenceEqual(wanted, StringComparer.Ordinal))
            {
                return double.Parse(rest.Trim().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
