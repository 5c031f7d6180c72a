using System.Globalization;
using System.Text;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// One exchange through the gateway. No ID numbers or names: bodies are kept only as SHA-256 hashes;
/// the CMS signatures over them (the consumer's and the gateway's) are kept whole, as proof.
/// </summary>
public sealed record LogEntry(
    DateTimeOffset Time,
    string RequestId,
    string? Client,
    string? Service,
    string Method,
    string Path,
    int Status,
    double LatencyMs,
    string RequestSha256,
    long RequestBytes,
    string ResponseSha256,
    long ResponseBytes,
    string? RequestSignature = null,
    string? ResponseSignature = null)
{
    /// <summary>The exact text hashed into the chain: fixed field order, invariant formatting, one line.</summary>
    public string Canonical(long sequence, string previousHash) => string.Join('|',
        sequence.ToString(CultureInfo.InvariantCulture), previousHash, Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        Escape(RequestId), Escape(Client), Escape(Service), Method, Escape(Path), Status.ToString(CultureInfo.InvariantCulture),
        LatencyMs.ToString("0.###", CultureInfo.InvariantCulture), RequestSha256, RequestBytes.ToString(CultureInfo.InvariantCulture),
        ResponseSha256, ResponseBytes.ToString(CultureInfo.InvariantCulture), RequestSignature ?? "", ResponseSignature ?? "");

    private static string Escape(string? s) => s is null ? "" : s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    public static string Hash(string canonical) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
}
