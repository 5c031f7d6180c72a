using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeAn06.Cms;

/// <summary>
/// The one way this platform builds a certificate chain: the given CA(s) as the only trust roots
/// (never the system store), offline, no revocation look-ups, at a given time, optionally for one
/// extended key usage. Shared by the gateway (client certificates, seal and TSA certificates) and the
/// SDK (the gateway's response certificate).
/// </summary>
internal static class OfflineChain
{
    /// <summary>
    /// Null when <paramref name="certificate"/> chains to <paramref name="roots"/>, else the chain's
    /// status in words. With <paramref name="eku"/>, the chain must also be valid for that usage; callers
    /// must still check the extension is present (a certificate without one passes for any usage).
    /// </summary>
    public static string? Problem(X509Certificate2 certificate, X509Certificate2Collection roots, DateTimeOffset at, string? eku = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        if (eku is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(eku));
        }

        return chain.Build(certificate)
            ? null
            : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
    }
}
