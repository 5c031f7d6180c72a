namespace DeAn06.Cli.Stack;

/// <summary>
/// Configuration keys as environment variables, the form every service's default configuration
/// (WebApplication.CreateBuilder) reads: "Gateway:UpstreamSecret" is Gateway__UpstreamSecret.
/// </summary>
internal static class ConfigurationEnvironment
{
    public static string Name(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
