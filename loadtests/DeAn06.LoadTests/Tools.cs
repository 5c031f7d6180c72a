using System.Diagnostics;

namespace DeAn06.LoadTests;

/// <summary>wrk and nginx from Debian, installed with apt-get when missing; runs them bounded in time.</summary>
internal static class Tools
{
    public static void Ensure(params string[] tools)
    {
        static bool Installed(string t) => File.Exists("/usr/bin/" + t) || File.Exists("/usr/sbin/" + t);
        string[] missing = [.. tools.Where(t => !Installed(t))];
        if (missing.Length == 0)
        {
            return;
        }

        Console.WriteLine($"installing {string.Join(", ", missing)} with apt-get");
        int code = Run("sh", ["-c", $"(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {string.Join(' ', missing)}) >/dev/null"], TimeSpan.FromMinutes(5)).Exit;
        if (code != 0 || missing.Any(t => !Installed(t)))
        {
            throw new InvalidOperationException($"could not install {string.Join(", ", missing)} with apt-get");
        }
    }

    public static (int Exit, string Output) Run(string file, IEnumerable<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        Task<string> error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {limit.TotalSeconds:0} s");
        }

        return (p.ExitCode, output.Result + error.Result);
    }
}
