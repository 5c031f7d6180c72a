using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// Creates the project's development CA and certificates signed by it (ECDSA P-256), as PEM files:
/// ca.pem / ca.key.pem, gateway.pem / gateway.key.pem and &lt;client&gt;.pem / &lt;client&gt;.key.pem.
/// For development and tests only; private keys are written 0600 and never belong in the repository.
/// </summary>
public static class DevCertificates
{
    public static void Create(string folder, IEnumerable<string> clients, DateTimeOffset now)
    {
        Directory.CreateDirectory(folder);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=DeAn06 Development CA, O=DeAn06", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
        Write(folder, "ca", ca, caKey);
        foreach (string name in clients.Prepend("gateway"))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}, O=DeAn06", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
            byte[] serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            using X509Certificate2 cert = request.Create(ca, now.AddMinutes(-5), now.AddYears(2), serial);
            Write(folder, name, cert, key);
        }
    }

    private static void Write(string folder, string name, X509Certificate2 cert, ECDsa key)
    {
        File.WriteAllText(Path.Combine(folder, name + ".pem"), cert.ExportCertificatePem());
        string keyPath = Path.Combine(folder, name + ".key.pem");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
