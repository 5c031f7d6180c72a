using DeAn06.Cli;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 160; // logs and pipes: no wrapping of report lines at 80 columns
}

return await DeAn06Cli.RunAsync(args, AnsiConsole.Console, Console.Error);
