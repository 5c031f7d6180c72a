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

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(eku));
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        if (chain.Build(certificate))
        {
            return null;
        }

        string status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return $"its certificate ({certificate.Subject}) does not chain to the trusted CA ({status})";
    }
}
