using System.Text.Json;
using DeAn06.Client;

namespace DeAn06.Cli.Stack;

/// <summary>
/// What another dean06 command needs to use a running stack: addresses, the population it simulates,
/// and the clients' credentials. Written by <c>dean06 up</c> to stack.json (mode 0600; development
/// secrets made up on the data folder's first start and kept for the next).
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
    Uri? TimeStamping = null)
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

    /// <summary>The client registered for a sector (and province, when given), e.g. BHXH-06.</summary>
    public ClientInfo ClientFor(string sector, string? province) =>
        (province is null ? null : Clients.GetValueOrDefault($"{sector}-{province}")) ?? Clients.GetValueOrDefault(sector)
        ?? throw new CliException($"No client for sector '{sector}' in this stack; sectors: {string.Join(", ", Clients.Values.Select(c => c.Sector).Distinct())}.", ExitCodes.Usage);

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
