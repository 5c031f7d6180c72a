using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeAn06.TimeStamping.Tests;

/// <summary>A throw-away CA and a TSA certificate from it (id-kp-timeStamping, critical), as PEM files, the way <c>keys init</c> makes them.</summary>
internal static class TsaKeys
{
    public static string Create(string folder, bool timeStampingEku = true)
    {
        Directory.CreateDirectory(folder);
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=tsa", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(timeStampingEku ? "1.3.6.1.5.5.7.3.8" : "1.3.6.1.5.5.7.3.4")], true));
        using X509Certificate2 tsa = request.Create(ca, now.AddMinutes(-5), now.AddYears(1), [1, 2, 3, 4]);
        File.WriteAllText(Path.Combine(folder, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tsa.pem"), tsa.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tsa.key.pem"), key.ExportPkcs8PrivateKeyPem());
        return folder;
    }
}
