namespace DeAn06.Cli;

/// <summary>A failure the user can act on: printed as one line, the process exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>The exit codes of dean06.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and found a problem (e.g. figures that do not reproduce, a broken audit chain).</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments or input files.</summary>
    public const int Usage = 2;

    /// <summary>A service could not be reached or started.</summary>
    public const int Unavailable = 3;
}
