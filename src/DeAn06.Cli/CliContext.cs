using System.CommandLine;
using DeAn06.Cli.Stack;
using Spectre.Console;

namespace DeAn06.Cli;

/// <summary>What every command shares: the console, the stack options, and finding or starting a stack.</summary>
internal sealed class CliContext(IAnsiConsole console)
{
    public const int DefaultPortBase = 5300;
    public const int DefaultSize = 1_000_000;

    public IAnsiConsole Console { get; } = console;

    public CommandOption<DirectoryInfo?> Data { get; } = new(() => new("--data") { Description = "Folder for the stack's databases, keys, logs and generated files (default: .dean06 in the repository)." });

    public CommandOption<int> PortBase { get; } = new(() => new("--port-base")
    {
        Description = $"Gateway port of a stack this command starts; the simulator, the verification service and the time-stamping authority take the next three.",
        DefaultValueFactory = _ => DefaultPortBase,
        CustomParser = IntegerArgument.Parser("--port-base", DefaultPortBase),
    });

    public CommandOption<int> Size { get; } = new(() => new("--size")
    {
        Description = "Citizens in the simulated population DB of a stack this command starts (without it, a data folder keeps the size it was made with).",
        DefaultValueFactory = _ => DefaultSize,
        CustomParser = IntegerArgument.Parser("--size", DefaultSize),
    });

    public CommandOption<string> ClientKeys { get; } = new(() => new("--client-keys")
    {
        Description = "Key kind of the clients' signing certificates when a stack is first made on the data folder: rsa2048 or p256.",
        DefaultValueFactory = _ => LocalStack.DefaultClientKeys,
    });

    /// <summary>The root's hidden instances: accepted before the command name, for the commands that take them.</summary>
    public IEnumerable<Option> RootOptions => [Data.Root, PortBase.Root, Size.Root, ClientKeys.Root];

    /// <summary>Adds the options of a command that may start a stack: --data, --port-base, --size, --client-keys.</summary>
    public Command WithStackOptions(Command command)
    {
        Data.For(command);
        PortBase.For(command);
        Size.For(command);
        ClientKeys.For(command);
        return command;
    }

    /// <summary>
    /// A stack option given before a command that does not take it, as "--size does not apply to 'dean06 keys
    /// init'". --data before any command is let through: it names the folder every command of a script
    /// shares, and is ignored by those that need none.
    /// </summary>
    public string? Misplaced(ParseResult p)
    {
        Command command = p.CommandResult.Command;
        foreach (var (name, given, applies) in new[]
        {
            (PortBase.Name, PortBase.IsExplicit(p), PortBase.AppliesTo(command)),
            (Size.Name, Size.IsExplicit(p), Size.AppliesTo(command)), (ClientKeys.Name, ClientKeys.IsExplicit(p), ClientKeys.AppliesTo(command)),
        })
        {
            if (given && !applies)
            {
                return $"{name} does not apply to '{DeAn06Cli.PathOf(p.CommandResult)}'";
            }
        }

        return null;
    }

    public string DataFolder(ParseResult p) => Data.Value(p)?.FullName ?? RepoLayout.Find().DataFolder;

    /// <summary>
    /// Starts a stack on the data folder (or on <paramref name="dataFolder"/>), keeping what earlier starts
    /// left there; with <paramref name="resetting"/>, empty, each deleted path told to it first. With
    /// <paramref name="simulatorAdminKey"/>, the simulator's admin API is on under that key. With
    /// <paramref name="oneCommand"/>, the stack lives for one command only (see <see cref="LocalStack.StartAsync"/>).
    /// </summary>
    public Task<LocalStack> StartAsync(ParseResult p, CancellationToken ct, Action<string>? resetting = null, string? dataFolder = null, string? simulatorAdminKey = null,
        bool oneCommand = false)
    {
        int portBase = PortBase.Value(p);
        if (portBase is < 1024 or > 65532)
        {
            throw new CliException($"--port-base must be between 1024 and 65532 (got {portBase}).", ExitCodes.Usage);
        }

        string clientKeys = ClientKeys.Value(p)!;
        if (clientKeys is not ("rsa2048" or "p256"))
        {
            throw new CliException($"--client-keys must be rsa2048 or p256 (got '{clientKeys}').", ExitCodes.Usage);
        }

        dataFolder ??= DataFolder(p);
        // Without --size, a folder's stack keeps the population its jobs were checked against.
        int size = Size.IsExplicit(p) || resetting is not null ? Size.Value(p)
            : StackInfo.Load(dataFolder)?.PopulationSize ?? Size.Value(p);
        return LocalStack.StartAsync(RepoLayout.Find(), dataFolder, size, portBase, s => Console.MarkupLineInterpolated($"[grey]starting {s}[/]"), ct,
            clientKeys: clientKeys, resetting: resetting, simulatorAdminKey: simulatorAdminKey, oneCommand: oneCommand);
    }

    /// <summary>The stack 'dean06 up' is running, if it answers.</summary>
    public async Task<StackInfo?> RunningAsync(ParseResult p, CancellationToken ct)
    {
        if (StackInfo.Load(DataFolder(p)) is not { } info)
        {
            return null;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using HttpResponseMessage r = await http.GetAsync(new Uri(info.Gateway, "health/ready"), ct);
            return r.IsSuccessStatusCode ? info : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The running stack, or one started for this command (returned to dispose).</summary>
    public async Task<(StackInfo Info, LocalStack? Owned)> AttachOrStartAsync(ParseResult p, CancellationToken ct)
    {
        if (await RunningAsync(p, ct) is { } running)
        {
            Console.MarkupLineInterpolated($"[grey]using the stack at {running.Gateway} (dean06 up)[/]");
            return (running, null);
        }

        Console.MarkupLine("[grey]no running stack ('dean06 up'); starting one for this command[/]");
        LocalStack stack = await StartAsync(p, ct, oneCommand: true);
        return (stack.Info, stack);
    }
}
