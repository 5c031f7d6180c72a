using Microsoft.Extensions.Hosting;

namespace DeAn06.ServiceDefaults.Listening;

/// <summary>
/// Makes the listening socket 0600 once the server has created it (hosted services' Started runs after
/// Kestrel binds): connecting needs write access to the socket, so only this user's processes reach it.
/// The file is created under the process's umask first; the folder it sits in (the stack's run folder is
/// 0700) guards that moment.
/// </summary>
internal sealed class UnixSocketPermissions(string path) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
