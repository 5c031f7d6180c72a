using System.Text.Json;
using DeAn06.Client;

namespace DeAn06.Cli.Stack;

/// <summary>
/// What another dean06 command needs to use a running stack: addresses, the population it simulates,
/// and the clients' credentials. Written by <c>dean06 up</c> to stack.json (mode 0600; development
/// secrets made up on the data folder's first start and kept for the next). A cluster's gateways keep
/// their message log in PostgreSQL: <see cref="MessageLogConnection"/> says where the connection string
/// is (<c>file:PATH</c> or <c>env:NAME</c>, never the string itself), so <c>audit verify</c> finds every
/// node's chain; otherwise the log is the SQLite file <see cref="MessageLogPath"/>.
/// </summary>
internal sealed record StackInfo(
    Uri Gateway,
    Uri PopulationDb,
    Uri Verification,
    ulong PopulationSeed,
    int PopulationSize,
    DateOnly ReferenceDate,
    string CertificatesFolder,
    string MessageLogPath,
    IReadOnlyDictionary<string, ClientInfo> Clients,
    string? UpstreamSecret = null,
    string? SimulatorAdminKey = null,
    Uri? TimeStamping = null,
    string? MessageLogConnection = null)
{
    public const string FileName = "stack.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static StackInfo? Load(string dataFolder)
    {
        string path = Path.Combine(dataFolder, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<StackInfo>(File.ReadAllText(path), Json) : null;
    }

    /// <summary>
    /// Writes stack.json: created 0600 (never readable by others, not even for a moment) beside it,
    /// then renamed over the old one, so a crash never leaves half a file and the secrets with it.
    /// </summary>
    public void Save(string dataFolder)
    {
        string path = Path.Combine(dataFolder, FileName);
        string temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(file, this, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The client registered for a sector, or for a sector in a province (e.g. BHXH-06). A province with no
    /// client of that sector is an error, never the sector's province-less client: its figures would be
    /// counted without the province asked for.
    /// </summary>
    public ClientInfo ClientFor(string sector, string? province)
    {
        if (sector == "OPS" || Clients.GetValueOrDefault(sector) is null)
        {
            throw new CliException($"No client for sector '{sector}' in this stack; sectors: {string.Join(", ", Clients.Values.Select(c => c.Sector).Where(s => s != "OPS").Distinct())}.", ExitCodes.Usage);
        }

        if (province is null)
        {
            return Clients.GetValueOrDefault(sector)!;
        }

        string[] provinces = [.. Clients.Values.Where(c => c.Sector == sector && c.Province is not null).Select(c => c.Province!).Order(StringComparer.Ordinal)];
        return Clients.GetValueOrDefault($"{sector}-{province}")
            ?? throw new CliException(
                $"No {sector} client for province '{province}' in this stack; {sector} has clients for {(provinces.Length == 0 ? "no province" : string.Join(", ", provinces.Select(DescribeProvince)))} (leave out --province to send as {sector}).",
                ExitCodes.Usage);
    }

    private static string DescribeProvince(string code) =>
        int.TryParse(code, out int n) && DeAn06.Matching.Ids.ProvinceCodes.NameOf(n) is { } name ? $"{code} ({name})" : code;

    public Uri ServiceAddress(string name) => name switch
    {
        "gateway" => Gateway,
        "verification" => Verification,
        "timestamping" => TimeStamping ?? throw new InvalidOperationException("This stack has no time-stamping authority."),
        _ => PopulationDb,
    };

    public DeAn06Client Connect(ClientInfo client) => new(DeAn06ClientOptions.FromPem(Gateway, client.Id, client.Secret,
        Path.Combine(CertificatesFolder, client.Id + ".pem"), Path.Combine(CertificatesFolder, client.Id + ".key.pem"), Path.Combine(CertificatesFolder, "ca.pem")));
}

/// <summary>A client registered with the stack's gateway.</summary>
internal sealed record ClientInfo(string Id, string Secret, string Sector, string? Province, IReadOnlyList<string> Services);
