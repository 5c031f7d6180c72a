using System.CommandLine;
using DeAn06.Cli.Stack;
using Spectre.Console;

namespace DeAn06.Cli.Commands;

/// <summary><c>dean06 up --cluster [--gateways N] [--verifiers N]</c>: options and the run of a <see cref="ClusterStack"/>.</summary>
internal sealed class ClusterUpOptions
{
    public Option<bool> Cluster { get; } = new("--cluster")
    {
        Description = "Start a cluster instead of the embedded default: PostgreSQL, Redis and HAProxy from Debian's packages in the data folder, " +
            "several gateways (behind HAProxy) and verification services (on PostgreSQL). Environment: Cluster__Gateways, Cluster__Verifiers, " +
            "and ConnectionStrings__Verification / ConnectionStrings__Redis to use an existing PostgreSQL / Redis.",
    };

    public Option<int?> Gateways { get; } = new("--gateways") { Description = $"Gateways with --cluster (default {ClusterOptions.DefaultNodes}; Cluster:Gateways)." };

    public Option<int?> Verifiers { get; } = new("--verifiers") { Description = $"Verification services with --cluster (default {ClusterOptions.DefaultNodes}; Cluster:Verifiers)." };

    /// <summary>--gateways and --verifiers without --cluster: a usage error, not silently ignored.</summary>
    public void CheckUsage(ParseResult p)
    {
        if (!p.GetValue(Cluster) && (p.GetValue(Gateways) is not null || p.GetValue(Verifiers) is not null))
        {
            throw new CliException("--gateways and --verifiers apply only with --cluster.", ExitCodes.Usage);
        }
    }

    public async Task<int> RunAsync(CliContext context, ParseResult p, Action<string>? resetting, CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new CliException("--cluster runs Debian's PostgreSQL, Redis and HAProxy: Linux only.", ExitCodes.Unavailable);
        }

        ClusterOptions options = ClusterOptions.FromEnvironment(Environment.GetEnvironmentVariable);
        options = options with { Gateways = p.GetValue(Gateways) ?? options.Gateways, Verifiers = p.GetValue(Verifiers) ?? options.Verifiers };
        int portBase = context.PortBase.Value(p);
        if (portBase is < 1024 or > 65500)
        {
            throw new CliException($"--port-base must be between 1024 and 65500 (got {portBase}).", ExitCodes.Usage);
        }

        string clientKeys = context.ClientKeys.Value(p)!;
        if (clientKeys is not ("rsa2048" or "p256"))
        {
            throw new CliException($"--client-keys must be rsa2048 or p256 (got '{clientKeys}').", ExitCodes.Usage);
        }

        string dataFolder = context.DataFolder(p);
        int size = context.Size.IsExplicit(p) || resetting is not null ? context.Size.Value(p)
            : StackInfo.Load(dataFolder)?.PopulationSize ?? context.Size.Value(p);
        await using ClusterStack stack = await ClusterStack.StartAsync(RepoLayout.Find(), dataFolder, size, portBase, options,
            s => context.Console.MarkupLineInterpolated($"[grey]starting {s}[/]"), ct, clientKeys: clientKeys, resetting: resetting);
        UpCommand.Render(context.Console, stack.Info, dataFolder);
        var nodes = new Table().Border(TableBorder.Rounded).AddColumn("node").AddColumn("address");
        for (int i = 0; i < stack.Gateways.Count; i++)
        {
            nodes.AddRow($"gateway {i + 1}", stack.Gateways[i].ToString());
        }

        for (int i = 0; i < stack.Verifiers.Count; i++)
        {
            nodes.AddRow($"verification {i + 1}", stack.Verifiers[i].ToString());
        }

        nodes.AddRow("HAProxy stats", stack.Proxy!.Stats.ToString());
        context.Console.Write(nodes);
        context.Console.MarkupLine("Running. [bold]Ctrl+C[/] stops the cluster.");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            context.Console.MarkupLine("stopping…");
        }

        return ExitCodes.Ok;
    }
}
