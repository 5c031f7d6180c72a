using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DeAn06.Testing.Contracts;

/// <summary>
/// A contracts/*.openapi.json file as committed, compared with the document a service generates.
/// With DEAN06_UPDATE_CONTRACTS=1 (what <c>./build.sh contracts</c> sets) the comparison writes the
/// generated document over the file instead of failing.
/// </summary>
public static class CommittedContract
{
    /// <summary>The command that regenerates every contract; failure messages name it.</summary>
    public const string RegenerateCommand = "./build.sh contracts";

    public const string UpdateVariable = "DEAN06_UPDATE_CONTRACTS";

    private static readonly JsonSerializerOptions Written = new()
    {
        WriteIndented = true,
        // Vietnamese text stays readable in the committed file.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The repository's contracts/ folder (the source tree, not the test's output copy).</summary>
    public static string PathOf(string fileName)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeAn06.Gateway.sln")))
            {
                return Path.Combine(dir.FullName, "contracts", fileName);
            }
        }

        throw new InvalidOperationException($"No DeAn06.Gateway.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// Null when the committed file equals <paramref name="generated"/> (as JSON: member order and
    /// whitespace aside), else a message naming the first difference and the command that regenerates it.
    /// </summary>
    public static string? Compare(string fileName, string generated)
    {
        string path = PathOf(fileName);
        JsonNode fresh = JsonNode.Parse(generated)!;
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, fresh.ToJsonString(Written) + "\n");
            return null;
        }

        if (!File.Exists(path))
        {
            return $"contracts/{fileName} does not exist; generate it with {RegenerateCommand}.";
        }

        JsonNode? committed = JsonNode.Parse(File.ReadAllText(path));
        return FirstDifference(committed, fresh, "") is { } where
            ? $"contracts/{fileName} disagrees with the document the service generates (first difference at '{where}'). "
              + $"If the code is right, regenerate the contract with {RegenerateCommand} and commit it."
            : null;
    }

    /// <summary>The JSON location of the first place two documents differ, or null when they are equal.</summary>
    public static string? FirstDifference(JsonNode? a, JsonNode? b, string location)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (string key in x.Select(p => p.Key).Union(y.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    string at = location + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    if (!x.ContainsKey(key) || !y.ContainsKey(key))
                    {
                        return at;
                    }

                    if (FirstDifference(x[key], y[key], at) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonArray x, JsonArray y):
                for (int i = 0; i < Math.Max(x.Count, y.Count); i++)
                {
                    if (i >= x.Count || i >= y.Count)
                    {
                        return $"{location}/{i}";
                    }

                    if (FirstDifference(x[i], y[i], $"{location}/{i}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(a, b) ? null : location.Length == 0 ? "/" : location;
        }
    }
}
