namespace DeAn06.Cli.Stack;

/// <summary>
/// A stack's data folder and what it keeps between starts: <c>run/</c> (the verification database
/// with its jobs and results, the gateway's message log and seals, token keys, certificates, logs)
/// and <c>stack.json</c> (addresses, population, client secrets). One stack at a time: the folder is
/// locked while a stack runs on it, so a second <c>dean06 up</c> (on other ports) cannot open the same
/// databases, and <c>--reset</c> cannot delete them under a running stack.
/// </summary>
internal sealed class StackDataFolder : IDisposable
{
    private const string LockFileName = "stack.lock";
    private readonly FileStream _lock;

    private StackDataFolder(string root, FileStream held)
    {
        Root = root;
        _lock = held;
    }

    public string Root { get; }

    /// <summary>Databases, keys, certificates and logs (mode 0700: it holds personal data and keys).</summary>
    public string Run => Path.Combine(Root, "run");

    /// <summary>What <c>--reset</c> deletes: the stack's own files only (with a cluster's PostgreSQL folder), never anything else in the folder.</summary>
    public IReadOnlyList<string> StackFiles => [.. new[] { Run, Path.Combine(Root, "postgresql"), Path.Combine(Root, StackInfo.FileName) }.Where(p => Directory.Exists(p) || File.Exists(p))];

    /// <summary>Locks the folder for one stack (created if missing), or says which folder is busy.</summary>
    public static StackDataFolder Acquire(string root)
    {
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        try
        {
            // FileShare.None is an exclusive flock on Unix, held until disposed, released by the
            // kernel if dean06 dies, so a crashed stack never leaves the folder locked.
            var held = new FileStream(Path.Combine(root, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new StackDataFolder(root, held);
        }
        catch (IOException)
        {
            throw new CliException($"The data folder {root} is in use by another dean06 stack; stop that one first or choose another folder with --data.", ExitCodes.Unavailable);
        }
    }

    /// <summary>Creates run/ (if missing) and keeps it private to this user.</summary>
    public string PrepareRun()
    {
        Directory.CreateDirectory(Path.Combine(Run, "logs"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Run, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return Run;
    }

    /// <summary>Deletes the stack's own files (<see cref="StackFiles"/>), telling <paramref name="say"/> each path first.</summary>
    public void Reset(Action<string> say)
    {
        foreach (string path in StackFiles)
        {
            say(path);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
    }

    public void Dispose() => _lock.Dispose();
}
