using System.CommandLine;
using DeAn06.Cli.Stack;
using Spectre.Console;

namespace DeAn06.Cli;

/// <summary>What every command shares: the console, the global options, and finding or starting a stack.</summary>
internal sealed class CliContext(IAnsiConsole console)
{
    public IAnsiConsole Console { get; } = console;

    public Option<DirectoryInfo?> Data { get; } = new("--data") { Description = "Folder for the stack's databases, keys, logs and generated files (default: .dean06 in the repository)." };

    public Option<int> PortBase { get; } = new("--port-base") { Description = "Gateway port; the simulator, the verification service and the time-stamping authority take the next three.", DefaultValueFactory = _ => 5300 };

    public Option<int> Size { get; } = new("--size") { Description = "Citizens in the simulated population DB when a stack is started.", DefaultValueFactory = _ => 1_000_000 };

    public Option<string> ClientKeys { get; } = new("--client-keys")
    {
        Description = "Key kind of the clients' signing certificates when a stack is started: rsa2048 or p256.",
        DefaultValueFactory = _ => LocalStack.DefaultClientKeys,
    };

    public IEnumerable<Option> GlobalOptions => [Data, PortBase, Size, ClientKeys];

    public string DataFolder(ParseResult p) => p.GetValue(Data)?.FullName ?? RepoLayout.Find().DataFolder;

    /// <summary>
    /// Starts a stack on the data folder (or on <paramref name="dataFolder"/>), keeping what earlier starts
    /// left there; with <paramref name="resetting"/>, empty, each deleted path told to it first.
    /// </summary>
    public Task<LocalStack> StartAsync(ParseResult p, CancellationToken ct, Action<string>? resetting = null, string? dataFolder = null)
    {
        int portBase = p.GetValue(PortBase);
        if (portBase is < 1024 or > 65532)
        {
            throw new CliException($"--port-base must be between 1024 and 65532 (got {portBase}).", ExitCodes.Usage);
        }

        string clientKeys = p.GetValue(ClientKeys)!;
        if (clientKeys is not ("rsa2048" or "p256"))
        {
            throw new CliException($"--client-keys must be rsa2048 or p256 (got '{clientKeys}').", ExitCodes.Usage);
        }

        dataFolder ??= DataFolder(p);
        // Without --size, a folder's stack keeps the population its jobs were checked against.
        int size = p.GetResult(Size) is { Implicit: false } || resetting is not null ? p.GetValue(Size)
            : StackInfo.Load(dataFolder)?.PopulationSize ?? p.GetValue(Size);
        return LocalStack.StartAsync(RepoLayout.Find(), dataFolder, size, portBase, s => Console.MarkupLineInterpolated($"[grey]starting {s}[/]"), ct,
            clientKeys: clientKeys, resetting: resetting);
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
        LocalStack stack = await StartAsync(p, ct);
        return (stack.Info, stack);
    }
}
