namespace DeAn06.Cli.Stack;

/// <summary>Where the services' builds are: the repository this dean06 was built from, same configuration.</summary>
internal sealed record RepoLayout(string Root, string Configuration)
{
    public static RepoLayout Find()
    {
        string baseDir = AppContext.BaseDirectory;
        string configuration = baseDir.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        for (DirectoryInfo? d = new(baseDir); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "DeAn06.Gateway.sln")))
            {
                return new RepoLayout(d.FullName, configuration);
            }
        }

        throw new CliException($"dean06 must run from its repository's build output (no DeAn06.Gateway.sln above {baseDir}).", ExitCodes.Unavailable);
    }

    public string Service(string folder, string name)
    {
        string dll = Path.Combine(Root, folder, name, "bin", Configuration, "net10.0", name + ".dll");
        return File.Exists(dll) ? dll : throw new CliException($"{name} is not built ({dll} is missing); run ./build.sh first.", ExitCodes.Unavailable);
    }

    /// <summary>The default data folder for stacks started by dean06: .dean06/ in the repository (git-ignored).</summary>
    public string DataFolder => Path.Combine(Root, ".dean06");
}
