using System.Runtime.InteropServices;

namespace DeAn06.Benchmarks;

/// <summary>What the figures were measured on, printed with every result.</summary>
internal static class Machine
{
    public static string Describe()
    {
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        return $"{Environment.ProcessorCount} cores ({cpu}), {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(GCSettings() ? "server" : "workstation")} GC";
    }

    /// <summary>Peak resident set size of this process (VmHWM), in MiB.</summary>
    public static double PeakWorkingSetMiB()
    {
        string? line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? Environment.WorkingSet / 1048576.0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    private static bool GCSettings() => System.Runtime.GCSettings.IsServerGC;
}
