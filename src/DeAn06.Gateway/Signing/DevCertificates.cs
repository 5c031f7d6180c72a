using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeAn06.Cms;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// Creates the project's development CA and certificates signed by it, as PEM files: ca.pem /
/// ca.key.pem, gateway.pem / gateway.key.pem and &lt;client&gt;.pem / &lt;client&gt;.key.pem. The CA and
/// the gateway use ECDSA P-256; clients get P-256 or RSA-2048 keys (<see cref="ClientKeyKind"/>).
/// Only the gateway's certificate carries the response-signing extended key usage
/// (<see cref="CmsOids.GatewayResponseSigning"/>), which the SDK requires on every answer's signer.
/// For development and tests only; private keys are written 0600 and never belong in the repository.
/// </summary>
public static class DevCertificates
{
    /// <summary>The gateway's own certificate: gateway.pem / gateway.key.pem.</summary>
    public const string GatewayName = "gateway";

    public static void Create(string folder, IEnumerable<string> clients, DateTimeOffset now, ClientKeyKind clientKeys = ClientKeyKind.EcdsaP256)
    {
        string[] names = [.. clients.Prepend(GatewayName)];
        if (names.Skip(1).FirstOrDefault(n => n.Equals(GatewayName, StringComparison.OrdinalIgnoreCase)) is { } taken)
        {
            throw new ArgumentException($"'{taken}' is the gateway's own certificate name; choose another client id.", nameof(clients));
        }

        Directory.CreateDirectory(folder);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=DeAn06 Development CA, O=DeAn06", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
        Write(folder, "ca", ca, caKey);
        // RSA key generation (0.1–0.3 s a key) is most of the time: keys are made in parallel (the
        // export forces the otherwise lazy generation), certificates then issued one by one.
        AsymmetricAlgorithm[] keys = new AsymmetricAlgorithm[names.Length];
        Parallel.For(0, names.Length, i =>
        {
            keys[i] = i > 0 && clientKeys == ClientKeyKind.Rsa2048 ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
            keys[i].ExportSubjectPublicKeyInfo();
        });
        for (int i = 0; i < names.Length; i++)
        {
            string name = names[i];
            using AsymmetricAlgorithm key = keys[i];
            var request = key is RSA rsa
                ? new CertificateRequest($"CN={name}, O=DeAn06", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest($"CN={name}, O=DeAn06", (ECDsa)key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            if (i == 0)
            {
                // Critical: the certificate serves this one purpose; no client certificate carries it.
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CmsOids.GatewayResponseSigning)], critical: true));
            }

            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
            byte[] serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            // The CA signs with its ECDSA key whatever the client key is (the generator overload allows that).
            using X509Certificate2 cert = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), now.AddYears(2), serial);
            Write(folder, name, cert, key);
        }
    }

    /// <summary>The kind of key a client's certificate gets, from its command-line name ("p256" or "rsa2048").</summary>
    public static ClientKeyKind ParseKind(string name) => name.ToLowerInvariant() switch
    {
        "p256" or "ecdsa" => ClientKeyKind.EcdsaP256,
        "rsa2048" or "rsa" => ClientKeyKind.Rsa2048,
        _ => throw new ArgumentException($"Unknown client key kind '{name}': use p256 or rsa2048.", nameof(name)),
    };

    private static void Write(string folder, string name, X509Certificate2 cert, AsymmetricAlgorithm key)
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

/// <summary>
/// Client signing keys: ECDSA P-256 (small signatures, cheap to sign) or RSA-2048 (what organisation
/// signing certificates usually carry; about 4× cheaper for the gateway to check, dearer to sign).
/// </summary>
public enum ClientKeyKind
{
    EcdsaP256,
    Rsa2048,
}
