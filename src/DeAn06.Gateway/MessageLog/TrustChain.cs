using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// Whether a certificate was issued by one of the given CAs for one job (extended key usage), at a
/// given time: custom root trust only (never the system store), offline, no revocation look-ups.
/// </summary>
internal static class TrustChain
{
    /// <summary>Null when trusted, else why not. The EKU must be present: X509Chain would let a certificate without any EKU pass for every purpose.</summary>
    public static string? Check(X509Certificate2 certificate, X509Certificate2Collection roots, string eku, DateTimeOffset at)
    {
        if (roots.Count == 0)
        {
            return "no CA was given to check it against";
        }

        if (!certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == eku)))
        {
            return $"its certificate ({certificate.Subject}) is not issued for this use (no EKU {eku})";
        }

        return Cms.OfflineChain.Problem(certificate, roots, at, eku) is { } status
            ? $"its certificate ({certificate.Subject}) does not chain to the trusted CA ({status})"
            : null;
    }
}
