using System.CommandLine;
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
        foreach (Option option in context.GlobalOptions)
        {
            option.Recursive = true;
            root.Options.Add(option);
        }

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            string command = string.Join(' ', parsed.CommandResult.Command is RootCommand ? [] : new[] { parsed.CommandResult.Command.Name });
            string message = string.Join(' ', parsed.Errors[0].Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            await error.WriteLineAsync($"dean06: {message} (see 'dean06 {command}{(command.Length > 0 ? " " : "")}--help')");
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
}
