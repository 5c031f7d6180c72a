using System.Globalization;

namespace DeAn06.LoadTests;

/// <summary>
/// The runner's command line, checked whole before anything starts: a profile, then only that
/// profile's options, each once, numbers that parse. A mistyped option or value once started the
/// quick profile instead (a stack, wrk runs, a report) and was silently ignored.
/// Written here rather than on System.CommandLine (which the dean06 CLI uses): the runner's top-level
/// program and <c>ClusterRun</c> read options by name from one flat command line in which the profile
/// may stand anywhere; a System.CommandLine tree would mean either handlers for every profile (the
/// whole runner restructured) or remapping each of its own error texts. This table is the whole grammar.
/// </summary>
internal sealed class LoadArguments
{
    public const string Usage = """
        Usage: DeAn06.LoadTests [quick|full|throughput|latency|allocations|cluster] [options]
          quick, full (default quick)  [--out DIR] [--client-keys rsa2048|p256] [--port-base N]
          throughput    also [--rounds N] [--hold SECONDS] [--baseline-gateway DLL] [--with-unsigned]
          latency       also [--rounds N] [--baseline-gateway DLL]
          allocations   also [--rounds N] [--seconds N] [--lead SECONDS] [--baseline-gateway DLL] [--dotnet-counters PATH] [--hold SECONDS]
          cluster       [--quick] [--seconds N] [--records N] [--connections N] [--out DIR] [--client-keys rsa2048|p256]
          -h, --help    this text
        """;

    private enum Kind
    {
        Text,
        Count,
        Seconds,
        Port,
        ClientKeys,
        Flag,
    }

    private static readonly Dictionary<string, Kind> Common = new(StringComparer.Ordinal)
    {
        ["--out"] = Kind.Text,
        ["--client-keys"] = Kind.ClientKeys,
        ["--port-base"] = Kind.Port,
    };

    private static readonly Dictionary<string, Dictionary<string, Kind>> Profiles = new(StringComparer.Ordinal)
    {
        ["quick"] = Common,
        ["full"] = Common,
        ["throughput"] = new(Common, StringComparer.Ordinal)
        {
            ["--rounds"] = Kind.Count, ["--hold"] = Kind.Count, ["--baseline-gateway"] = Kind.Text, ["--with-unsigned"] = Kind.Flag,
        },
        ["latency"] = new(Common, StringComparer.Ordinal) { ["--rounds"] = Kind.Count, ["--baseline-gateway"] = Kind.Text },
        ["allocations"] = new(Common, StringComparer.Ordinal)
        {
            ["--rounds"] = Kind.Count, ["--seconds"] = Kind.Count, ["--lead"] = Kind.Seconds, ["--baseline-gateway"] = Kind.Text,
            ["--dotnet-counters"] = Kind.Text, ["--hold"] = Kind.Count,
        },
        ["cluster"] = new(StringComparer.Ordinal)
        {
            ["--quick"] = Kind.Flag, ["--seconds"] = Kind.Count, ["--records"] = Kind.Count, ["--connections"] = Kind.Count,
            ["--out"] = Kind.Text, ["--client-keys"] = Kind.ClientKeys,
        },
    };

    private readonly Dictionary<string, string?> _options;

    private LoadArguments(string profile, bool help, Dictionary<string, string?> options)
    {
        Profile = profile;
        Help = help;
        _options = options;
    }

    /// <summary>The profile to run; "quick" when none is named.</summary>
    public string Profile { get; }

    /// <summary>-h or --help was given: print <see cref="Usage"/> and start nothing.</summary>
    public bool Help { get; }

    /// <summary>An option's value, null when it was not given.</summary>
    public string? Option(string name) => _options.GetValueOrDefault(name);

    /// <summary>Whether a flag (an option without a value) was given.</summary>
    public bool Flag(string name) => _options.ContainsKey(name);

    /// <summary>
    /// The arguments, or (null and) a one-line message naming the first argument that is wrong.
    /// </summary>
    public static (LoadArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            return (new LoadArguments("quick", help: true, []), null);
        }

        // The profile first decides which options there are; it may stand anywhere but after an option that takes a value.
        string? profile = null;
        var options = new List<(string Name, string? Value)>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith('-'))
            {
                if (!Profiles.ContainsKey(arg))
                {
                    return (null, $"unknown profile or argument '{arg}' (profiles: {string.Join(", ", Profiles.Keys)})");
                }

                if (profile is not null)
                {
                    return (null, $"two profiles given: '{profile}' and '{arg}'");
                }

                profile = arg;
                continue;
            }

            if (!Profiles.Values.Any(p => p.ContainsKey(arg)))
            {
                return (null, $"unknown option {arg}");
            }

            if (Profiles.Values.All(p => !p.TryGetValue(arg, out Kind kind) || kind == Kind.Flag))
            {
                options.Add((arg, null));
                continue;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return (null, $"option {arg} needs a value");
            }

            options.Add((arg, args[++i]));
        }

        profile ??= "quick";
        Dictionary<string, Kind> known = Profiles[profile];
        var given = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in options)
        {
            if (!known.TryGetValue(name, out Kind kind))
            {
                return (null, $"option {name} does not apply to the {profile} profile");
            }

            if (!given.TryAdd(name, value))
            {
                return (null, $"option {name} given twice");
            }

            if (Check(name, kind, value) is { } error)
            {
                return (null, error);
            }
        }

        return (new LoadArguments(profile, help: false, given), null);
    }

    private static string? Check(string name, Kind kind, string? value) =>
        kind switch
        {
            Kind.Count when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1
                => $"option {name} takes a whole number ≥ 1, not '{value}'",
            Kind.Seconds when !double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) || seconds <= 0
                => $"option {name} takes a number of seconds > 0, not '{value}'",
            Kind.Port when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65_533
                => $"option {name} takes a port 1–65533 (three ports from it), not '{value}'",
            Kind.ClientKeys when value is not ("rsa2048" or "p256") => $"option {name} takes rsa2048 or p256, not '{value}'",
            _ => null,
        };
}
