using System.Globalization;

namespace DeAn06.Benchmarks;

/// <summary>"--name value" pairs.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        foreach (string a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                key = a[2..];
                values[key] = "true";
            }
            else if (key is not null)
            {
                values[key] = a;
                key = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{a}'");
            }
        }

        return new Options(values);
    }

    public int Int(string name, int fallback) => values.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public ulong ULong(string name, ulong fallback) => values.TryGetValue(name, out string? v) ? ulong.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
