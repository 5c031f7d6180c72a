using System.Text.RegularExpressions;

namespace DeAn06.Gateway.Consumers;

/// <summary>Section "Consumers": client id → consumer. Validated at start-up, every error reported at once.</summary>
public sealed partial class ConsumerRegistry
{
    public const string SectionName = "Consumers";

    public Dictionary<string, Consumer> Clients { get; set; } = new(StringComparer.Ordinal);

    public Consumer? Find(string clientId) => Clients.GetValueOrDefault(clientId);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Clients.Count == 0)
        {
            errors.Add($"{SectionName}:Clients must register at least one consumer.");
        }

        foreach (var (id, c) in Clients)
        {
            string path = $"{SectionName}:Clients:{id}";
            if (!ClientId().IsMatch(id))
            {
                errors.Add($"{path}: the client id must be 2–32 of A–Z, 0–9, _ or -.");
            }

            if (!SecretHasher.IsWellFormed(c.SecretHash))
            {
                errors.Add($"{path}:SecretHash is not a PBKDF2 hash (pbkdf2-sha256$iterations$salt$hash); create one with SecretHasher.Hash.");
            }

            if (c.Services.Count == 0)
            {
                errors.Add($"{path}:Services grants nothing; grant one or more of {string.Join(", ", Services.All)}.");
            }

            foreach (string s in c.Services.Where(s => !Services.All.Contains(s)))
            {
                errors.Add($"{path}:Services names '{s}', which is not a service ({string.Join(", ", Services.All)}).");
            }

            if (c.Sector is { } sector && !ClientId().IsMatch(sector))
            {
                errors.Add($"{path}:Sector must be 2–32 of A–Z, 0–9, _ or -.");
            }

            if (c.Province is { } province && !Province().IsMatch(province))
            {
                errors.Add($"{path}:Province must be two digits (e.g. 06).");
            }

            if (c.RatePerSecond is < 1 or > 100_000)
            {
                errors.Add($"{path}:RatePerSecond must be between 1 and 100000 (is {c.RatePerSecond}).");
            }

            if (c.Burst < 1 || c.Burst > 1_000_000)
            {
                errors.Add($"{path}:Burst must be between 1 and 1000000 (is {c.Burst}).");
            }

            if (c.BatchQuota < 0)
            {
                errors.Add($"{path}:BatchQuota must not be negative.");
            }
        }

        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{2,32}$")]
    private static partial Regex ClientId();

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex Province();
}
