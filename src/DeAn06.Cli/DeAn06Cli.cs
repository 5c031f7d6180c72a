using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net.Http;
using DeAn06.Cli.Commands;
using DeAn06.Client;
using Spectre.Console;

namespace DeAn06.Cli;

/// <summary>The dean06 command tree; errors become one line on stderr and an exit code from <see cref="ExitCodes"/>.</summary>
internal static class DeAn06Cli
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error)
    {
        var context = new CliContext(console);
        var root = new RootCommand("dean06: the DeAn06 citizen-data verification chain on one machine (gateway, verification service, population-DB simulator).")
        {
            UpCommand.Create(context),
            DemoCommand.Create(context),
            ScenarioCommands.Create(context),
            VerifyCommand.Create(context),
            ReportCommand.Create(context),
            EvaluateCommand.Create(context),
            StubCommand.Create(context),
            GatewayToolCommands.Keys(context),
            GatewayToolCommands.Audit(context),
        };
        foreach (Option option in context.RootOptions)
        {
            root.Options.Add(option);
        }

        ParseResult parsed = root.Parse(args);
        if ((UsageError(parsed) ?? context.Misplaced(parsed)) is { } usage)
        {
            await error.WriteLineAsync($"dean06: {usage.TrimEnd('.')} (see '{PathOf(parsed.CommandResult)} --help')");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                ProcessTerminationTimeout = TimeSpan.FromSeconds(20),
                EnableDefaultExceptionHandler = false,
                Output = console.Profile.Out.Writer,
                Error = error,
            });
        }
        catch (CliException ex)
        {
            await error.WriteLineAsync($"dean06: {ex.Message}");
            return ex.ExitCode;
        }
        catch (DeAn06ApiException ex)
        {
            await error.WriteLineAsync($"dean06: the gateway refused the call: {ex.Code}: {ex.Detail ?? ex.Message}{(ex.RequestId is { } id ? $" (request {id})" : "")}");
            return ExitCodes.Failed;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"dean06: cannot reach the service: {ex.Message}");
            return ExitCodes.Unavailable;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("dean06: cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            await error.WriteLineAsync($"dean06: {ex.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>"dean06 scenario run": the command's full name, for hints.</summary>
    internal static string PathOf(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult { Command: not RootCommand } c)
            {
                names.Push(c.Command.Name);
            }
        }

        return string.Join(' ', ["dean06", .. names]);
    }

    /// <summary>
    /// The first parse error in words a user can act on: an unknown command is named as such (not "Required
    /// command was not provided"), a command group without its subcommand lists them.
    /// </summary>
    private static string? UsageError(ParseResult parsed)
    {
        if (parsed.Errors.Count == 0)
        {
            return null;
        }

        Command command = parsed.CommandResult.Command;
        string[] subcommands = [.. command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)];
        if (parsed.UnmatchedTokens.Count > 0 && subcommands.Length > 0 && !parsed.UnmatchedTokens[0].StartsWith('-'))
        {
            return $"unknown command '{parsed.UnmatchedTokens[0]}'{(command is RootCommand ? "" : $" for '{PathOf(parsed.CommandResult)}'")}; commands: {string.Join(", ", subcommands)}";
        }

        if (subcommands.Length > 0 && command.Action is null && parsed.UnmatchedTokens.Count == 0)
        {
            return $"'{PathOf(parsed.CommandResult)}' needs a command: {string.Join(", ", subcommands)}";
        }

        if (parsed.UnmatchedTokens.Count > 0)
        {
            string token = parsed.UnmatchedTokens[0];
            return token.StartsWith('-') ? $"unknown option '{token}'" : $"unexpected argument '{token}'";
        }

        // System.CommandLine says "Required argument missing for command: 'init'": name what is missing.
        string[] missing = [.. parsed.CommandResult.Command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && parsed.GetResult(a) is null or { Tokens.Count: 0 }).Select(a => $"<{a.Name}>")];
        if (missing.Length > 0 && parsed.Errors[0].Message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            return $"'{PathOf(parsed.CommandResult)}' needs {string.Join(" ", missing)}";
        }

        return string.Join(' ', parsed.Errors[0].Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }
}
