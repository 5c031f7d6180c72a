using System.Text.RegularExpressions;

namespace DeAn06.Gateway.MessageLog;

/// <summary>A gateway's default node id in a shared log: the machine name and the port it listens on, stable across restarts.</summary>
internal static partial class MessageLogNode
{
    public static string DefaultId(IConfiguration config)
    {
        string machine = Unsafe().Replace(Environment.MachineName, "-");
        // "urls" holds --urls and ASPNETCORE_URLS; the first address's port names the node.
        string? urls = config["urls"];
        string? first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        string port = first is not null && Port().Match(first) is { Success: true } m ? m.Groups[1].Value : "gateway";
        string id = $"{machine}-{port}";
        return id.Length <= 64 ? id : id[^64..];
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex Unsafe();

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex Port();
}
