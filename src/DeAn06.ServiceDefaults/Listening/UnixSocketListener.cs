using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeAn06.ServiceDefaults.Listening;

/// <summary>
/// <c>UnixSocket</c> (e.g. <c>--UnixSocket=/srv/dean06/run/verification.sock</c>): the service also listens
/// on that Unix socket, beside its TCP <c>Urls</c>, for a co-located gateway (no TCP stack on either end).
/// The socket is made 0600 once listening (only this user's processes connect); a stale socket left by
/// a crashed run is replaced, a live one (another instance) or any other file in its place stops the start.
/// </summary>
public static class UnixSocketListener
{
    /// <summary>The configuration key naming the socket's path.</summary>
    public const string Key = "UnixSocket";

    /// <summary>sun_path holds 108 bytes on Linux, one of them the terminating zero.</summary>
    public const int MaxPathBytes = 107;

    /// <summary>Adds the socket to the server's addresses when <see cref="Key"/> is set; does nothing otherwise.</summary>
    public static IHostApplicationBuilder AddUnixSocketListener(this IHostApplicationBuilder builder)
    {
        string? path = builder.Configuration[Key];
        if (string.IsNullOrEmpty(path))
        {
            return builder;
        }

        if (!Path.IsPathFullyQualified(path) || Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            throw new InvalidOperationException($"{Key} must be an absolute path of at most {MaxPathBytes} bytes, not '{path}'.");
        }

        ReplaceStale(path);
        // Kestrel listens on every address in "urls" (http://unix:/path among them); a Listen() in code
        // would instead make it drop the --urls it was given.
        builder.Configuration.AddInMemoryCollection([new(WebHostDefaults.ServerUrlsKey, $"{Urls(builder.Configuration)};http://unix:{path}")]);
        builder.Services.AddHostedService(_ => new UnixSocketPermissions(path));
        return builder;
    }

    /// <summary>The TCP addresses the host would listen on without the socket (ASP.NET Core's own order of precedence).</summary>
    private static string Urls(IConfiguration configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls;
        }

        if (configuration[WebHostDefaults.HttpPortsKey] is { Length: > 0 } ports)
        {
            return string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p}"));
        }

        return "http://localhost:5000";
    }

    /// <summary>
    /// Deletes a socket nobody listens on (a crashed run's), after checking it is one: connecting to a
    /// socket without a listener, or to a file that is not a socket, is refused alike on Linux, so only
    /// an empty non-directory is taken for a socket; a non-empty file is never deleted.
    /// </summary>
    internal static void ReplaceStale(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var existing = new FileInfo(path);
        if (!existing.Exists && !Directory.Exists(path))
        {
            return;
        }

        if (Directory.Exists(path) || existing.Length > 0)
        {
            throw new InvalidOperationException($"{Key}: {path} exists and is not a socket; remove it or choose another path.");
        }

        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new InvalidOperationException($"{Key}: another process listens on {path}; stop it or choose another path.");
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // Nobody listens: a stale socket.
            }
        }

        File.Delete(path);
    }
}
