using System.Text.RegularExpressions;

namespace DeAn06.Gateway.Tests.Architecture;

/// <summary>
/// The gateway's folder table in docs/gateway.md ("Request flow": <c>| folder | concern | reads from |</c>),
/// read so the architecture test checks the code against the documentation itself.
/// </summary>
internal static partial class DocumentedFolders
{
    public const string Header = "| folder | concern | reads from |";

    /// <summary>What "reads from" says of a folder that is wiring only and may read any folder.</summary>
    public const string All = "all";

    /// <summary>
    /// Each row's folder (<c>`Tokens/`</c>, or <see cref="FolderGraph.Root"/> for the row that starts
    /// with <c>root</c>) and the folders its "reads from" cell names: "—" for none, <see cref="All"/>,
    /// or a comma-separated list whose items start with a folder's name (remarks in parentheses follow).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(string markdownPath)
    {
        string[] lines = File.ReadAllLines(markdownPath);
        int header = Array.FindIndex(lines, l => l.Trim() == Header);
        if (header < 0)
        {
            throw new InvalidOperationException($"{markdownPath} has no table headed \"{Header}\".");
        }

        var rows = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        // The header, then the |---| line, then the rows up to the first line that is not one.
        foreach (string line in lines.Skip(header + 2).TakeWhile(l => l.TrimStart().StartsWith('|')))
        {
            string[] cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length != 3)
            {
                throw new InvalidOperationException($"{markdownPath}: a row of the folder table without three cells: {line}");
            }

            string folder = cells[0].StartsWith("root", StringComparison.Ordinal) ? FolderGraph.Root : cells[0].Trim('`').TrimEnd('/');
            if (!rows.TryAdd(folder, ReadsFrom(cells[2])))
            {
                throw new InvalidOperationException($"{markdownPath}: the folder table has two rows for {folder}.");
            }
        }

        return rows;
    }

    private static SortedSet<string> ReadsFrom(string cell)
    {
        if (cell is "—" or "-" or "")
        {
            return new SortedSet<string>(StringComparer.Ordinal);
        }

        // Commas inside a remark's parentheses do not separate items.
        var items = new SortedSet<string>(StringComparer.Ordinal);
        int depth = 0, start = 0;
        for (int i = 0; i <= cell.Length; i++)
        {
            if (i == cell.Length || (cell[i] == ',' && depth == 0))
            {
                string item = cell[start..i].Trim();
                items.Add(item.StartsWith("root", StringComparison.Ordinal) ? FolderGraph.Root : item == All ? All : Name().Match(item.TrimStart('`')).Value);
                start = i + 1;
            }
            else if (cell[i] == '(')
            {
                depth++;
            }
            else if (cell[i] == ')')
            {
                depth--;
            }
        }

        return items;
    }

    [GeneratedRegex("^[A-Za-z]+")]
    private static partial Regex Name();
}
