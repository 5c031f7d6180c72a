using System.Text.Encodings.Web;
using System.Text.Json;
using DeAn06.Matching.Text;
using DeAn06.PopulationDb.Population.Data;

namespace DeAn06.PopulationDb.Population;

/// <summary>
/// Every distinct family, middle and given name used by the generator, so a citizen stores three small
/// indexes instead of strings. Keeps each name's JSON-encoded and folded (no diacritics) form too.
/// </summary>
internal sealed class NameCatalogue
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private NameCatalogue(string[] family, string[] middle, string[] given)
    {
        Family = family;
        Middle = middle;
        Given = given;
        FamilyJson = Encode(family);
        MiddleJson = Encode(middle);
        GivenJson = Encode(given);
        FamilyFolded = family.Select(VietnameseText.ToFolded).ToArray();
        MiddleFolded = middle.Select(VietnameseText.ToFolded).ToArray();
        GivenFolded = given.Select(VietnameseText.ToFolded).ToArray();
    }

    public static NameCatalogue Instance { get; } = Build();

    public string[] Family { get; }
    public string[] Middle { get; }
    public string[] Given { get; }
    public JsonEncodedText[] FamilyJson { get; }
    public JsonEncodedText[] MiddleJson { get; }
    public JsonEncodedText[] GivenJson { get; }
    public string[] FamilyFolded { get; }
    public string[] MiddleFolded { get; }
    public string[] GivenFolded { get; }

    public int FamilyIndex(string name) => Array.IndexOf(Family, name);
    public int MiddleIndex(string name) => Array.IndexOf(Middle, name);
    public int GivenIndex(string name) => Array.IndexOf(Given, name);

    private static JsonEncodedText[] Encode(string[] names) =>
        names.Select(n => JsonEncodedText.Encode(n, Encoder)).ToArray();

    private static NameCatalogue Build()
    {
        var family = new SortedSet<string>(StringComparer.Ordinal);
        var middle = new SortedSet<string>(StringComparer.Ordinal);
        var given = new SortedSet<string>(StringComparer.Ordinal);
        foreach (NamingPattern p in NamingPatterns.All)
        {
            family.UnionWith(p.FamilyNames.Select(n => n.Name));
            middle.UnionWith(p.MaleMiddleOlder.Concat(p.MaleMiddleYounger).Concat(p.FemaleMiddleOlder).Concat(p.FemaleMiddleYounger).Select(n => n.Name));
            given.UnionWith(p.MaleGiven.Concat(p.FemaleGiven));
        }

        if (family.Count > byte.MaxValue || middle.Count > ushort.MaxValue || given.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException("Name tables outgrew their index width.");
        }

        return new NameCatalogue([.. family], [.. middle], [.. given]);
    }
}
