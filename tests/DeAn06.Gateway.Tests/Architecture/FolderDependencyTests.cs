using System.Text.RegularExpressions;

namespace DeAn06.Gateway.Tests.Architecture;

/// <summary>
/// Issue 15: each folder of the gateway holds one concern and the folders use each other one way
/// only, as docs/gateway.md's folder table says. The graph is read from the compiled gateway
/// (<see cref="FolderGraph"/>); the table from the documentation, so neither can drift from the other.
/// </summary>
/// <remarks>
/// Left out of the one-way check: <c>Extensions/</c> (wiring: it reads every folder, and the
/// documentation says so) and the project's root (<c>Program</c>, which starts the host or the
/// <c>keys</c>/<c>audit</c> commands, and <c>GatewayOptions</c>, the <c>Gateway</c> section some
/// folders read). Both are still held to their rows of the table.
/// </remarks>
public sealed partial class FolderDependencyTests
{
    private const string Docs = "docs/gateway.md";
    private const string Wiring = "Extensions";

    private static readonly Lazy<(string Repository, string Project, FolderGraph Graph)> Code = new(() =>
    {
        string repository = RepositoryRoot();
        string project = Path.Combine(repository, "src", "DeAn06.Gateway");
        return (repository, project, FolderGraph.Read(typeof(GatewayOptions).Assembly.Location, project));
    });

    [Fact]
    public void Namespaces_EachSourceFile_MatchTheFolder()
    {
        string project = Code.Value.Project;
        var wrong = new List<string>();
        foreach (string file in FolderGraph.SourceFiles(project))
        {
            string directory = Path.GetDirectoryName(Path.GetRelativePath(project, file))!;
            string expected = directory.Length == 0 ? FolderGraph.RootNamespace : $"{FolderGraph.RootNamespace}.{directory.Replace(Path.DirectorySeparatorChar, '.')}";
            var declared = Namespace().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList();
            // Program.cs: top-level statements, in no namespace.
            bool ok = declared.Count == 0 ? Path.GetRelativePath(project, file) == "Program.cs" : declared.All(n => n == expected);
            if (!ok)
            {
                wrong.Add($"{Path.GetRelativePath(project, file)} declares {(declared.Count == 0 ? "no namespace" : string.Join(", ", declared))}, expected {expected}");
            }
        }

        Assert.True(wrong.Count == 0, "The folder graph reads folders from namespaces; these files' namespaces are not their folders':\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void Assembly_TypesOutsideTheFolders_UseNoFolder()
    {
        // Shared sources compiled in (DeAn06.Cms, DeAn06.PostgreSql) and generated code sit outside
        // the folders' namespaces: a dependency of theirs on a folder would escape the checks below.
        var leaking = Code.Value.Graph.Outside.Where(o => o.Value.Count > 0).Select(o => $"{o.Key} uses {string.Join(", ", o.Value)}").ToList();

        Assert.True(leaking.Count == 0, "Types outside DeAn06.Gateway.<Folder> use the gateway's folders:\n" + string.Join('\n', leaking));
    }

    [Fact]
    public void FolderTable_Rows_AreTheProjectsFolders()
    {
        var (repository, project, graph) = Code.Value;
        var documented = DocumentedFolders.Read(Path.Combine(repository, Docs));
        var folders = new SortedSet<string>(graph.Folders.Concat(FolderGraph.SourceFiles(project).Select(f => FolderGraph.FolderOfFile(project, f))), StringComparer.Ordinal);
        var unknownReads = documented.SelectMany(r => r.Value.Where(f => f != DocumentedFolders.All && !folders.Contains(f)).Select(f => $"{r.Key} reads from \"{f}\"")).ToList();

        Assert.True(folders.SetEquals(documented.Keys) && unknownReads.Count == 0,
            $"{Docs}'s folder table ({DocumentedFolders.Header}) and src/DeAn06.Gateway differ: " +
            $"folders without a row: [{string.Join(", ", folders.Except(documented.Keys))}]; rows without a folder: [{string.Join(", ", documented.Keys.Except(folders))}]; " +
            $"unknown folders read: [{string.Join(", ", unknownReads)}].");
    }

    [Fact]
    public void Dependencies_EachFolder_AreTheDocumentedOnes()
    {
        var (repository, _, graph) = Code.Value;
        var documented = DocumentedFolders.Read(Path.Combine(repository, Docs));
        var problems = new List<string>();
        foreach (var ((from, to), evidence) in graph.Edges.OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal))
        {
            if (!documented.TryGetValue(from, out var reads) || !(reads.Contains(to) || reads.Contains(DocumentedFolders.All)))
            {
                problems.Add($"{from} → {to} is not in {Docs}: {evidence}");
            }
        }

        foreach (var (from, reads) in documented)
        {
            foreach (string to in reads.Where(t => t != DocumentedFolders.All && !graph.Edges.ContainsKey((from, t))))
            {
                problems.Add($"{from} → {to} is in {Docs}, but nothing in {from} uses {to}");
            }
        }

        Assert.True(problems.Count == 0,
            "The folders' dependencies are not the documented ones. Move the type that makes an unwanted dependency, " +
            $"or, when the dependency is right and one-way, add it to the folder table in {Docs}:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Dependencies_BetweenFolders_GoOneWay()
    {
        FolderGraph graph = Code.Value.Graph;
        var edges = graph.Edges.Keys.Where(e => !IsWiring(e.From) && !IsWiring(e.To)).ToLookup(e => e.From, e => e.To);
        var cycles = FindCycles(graph.Folders.Where(f => !IsWiring(f)), from => edges[from].Order(StringComparer.Ordinal));
        var described = cycles.OrderBy(c => c.Count).Select(c => string.Join(" → ", c.Append(c[0])) + ":\n" +
            string.Concat(c.Select((f, i) => $"  {graph.Edges[(f, c[(i + 1) % c.Count])]}\n")));

        // The shortest first: usually the one dependency to remove; a long list says little more.
        Assert.True(cycles.Count == 0, "Folders that use each other (issue 15: one way only):\n" + string.Join('\n', described.Take(5))
            + (cycles.Count > 5 ? $"\n… and {cycles.Count - 5} more cycles" : ""));
    }

    private static bool IsWiring(string folder) => folder is Wiring or FolderGraph.Root;

    /// <summary>One cycle for every edge that closes one in a depth-first walk: none when the graph is acyclic.</summary>
    private static List<List<string>> FindCycles(IEnumerable<string> nodes, Func<string, IEnumerable<string>> next)
    {
        var cycles = new List<List<string>>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        void Visit(string node)
        {
            path.Add(node);
            foreach (string target in next(node))
            {
                int onPath = path.IndexOf(target);
                if (onPath >= 0)
                {
                    cycles.Add(path[onPath..]);
                }
                else if (!done.Contains(target))
                {
                    Visit(target);
                }
            }

            path.RemoveAt(path.Count - 1);
            done.Add(node);
        }

        foreach (string node in nodes.Order(StringComparer.Ordinal))
        {
            if (!done.Contains(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeAn06.Gateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No DeAn06.Gateway.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}
