using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeAn06.Cms;
using DeAn06.Gateway.MessageLog;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// Creates the project's development CA and certificates signed by it, as PEM files: ca.pem /
/// ca.key.pem, gateway.pem / gateway.key.pem, &lt;client&gt;.pem / &lt;client&gt;.key.pem, seal.pem /
/// seal.key.pem (the message log's seal key, EKU <see cref="CmsOids.LogSealing"/>) and tsa.pem /
/// tsa.key.pem (the time-stamping authority's, EKU id-kp-timeStamping, critical). The CA, gateway, seal
/// and TSA use ECDSA P-256; clients get P-256 or RSA-2048 keys (<see cref="ClientKeyKind"/>).
/// Only the gateway's certificate carries the response-signing extended key usage
/// (<see cref="CmsOids.GatewayResponseSigning"/>), which the SDK requires on every answer's signer.
/// For development and tests only; private keys are written 0600, files are never overwritten, and
/// keys never belong in the repository.
/// </summary>
internal static class DevCertificates
{
    /// <summary>The gateway's own certificate: gateway.pem / gateway.key.pem.</summary>
    public const string GatewayName = "gateway";

    /// <summary>The platform's own certificate names, which no client id may take.</summary>
    public static readonly IReadOnlyList<string> ReservedNames = ["ca", GatewayName, "seal", "tsa"];


    public static void Create(string folder, IEnumerable<string> clients, DateTimeOffset now, ClientKeyKind clientKeys = ClientKeyKind.EcdsaP256)
    {
        if (clients.FirstOrDefault(IsReserved) is { } taken)
        {
            throw new ArgumentException($"'{taken}' names one of the platform's own certificates; choose another client id.", nameof(clients));
        }

        Directory.CreateDirectory(folder);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=DeAn06 Development CA, O=DeAn06", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
        Write(folder, "ca", ca, caKey);
        string[] names = [.. clients.Prepend(GatewayName), "seal", "tsa"];
        // RSA key generation (0.1–0.3 s a key) is most of the time: keys are made in parallel (the
        // export forces the otherwise lazy generation), certificates then issued one by one.
        AsymmetricAlgorithm[] keys = new AsymmetricAlgorithm[names.Length];
        Parallel.For(0, names.Length, i =>
        {
            keys[i] = !IsReserved(names[i]) && clientKeys == ClientKeyKind.Rsa2048 ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
            keys[i].ExportSubjectPublicKeyInfo();
        });
        for (int i = 0; i < names.Length; i++)
        {
            string name = names[i];
            using AsymmetricAlgorithm key = keys[i];
            // Each platform key does one job, named by a critical EKU; client certificates carry none of them.
            string? eku = name switch { GatewayName => CmsOids.GatewayResponseSigning, "seal" => CmsOids.LogSealing, "tsa" => CmsOids.TimeStamping, _ => null };
            using X509Certificate2 cert = Issue(name, key, ca, caKey, now, eku);
            Write(folder, name, cert, key);
        }
    }

    /// <summary>
    /// Issues a new message-log seal key from the CA in <paramref name="folder"/> as &lt;name&gt;.pem and
    /// &lt;name&gt;.key.pem (rotation: the old seal certificate stays valid for the seals it made).
    /// </summary>
    public static void IssueSealCertificate(string folder, string name, DateTimeOffset now)
    {
        using X509Certificate2 ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "ca.pem")));
        using var caKey = ECDsa.Create();
        caKey.ImportFromPem(File.ReadAllText(Path.Combine(folder, "ca.key.pem")));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 cert = Issue(name, key, ca, caKey, now, CmsOids.LogSealing);
        Write(folder, name, cert, key);
    }

    private static X509Certificate2 Issue(string name, AsymmetricAlgorithm key, X509Certificate2 ca, ECDsa caKey, DateTimeOffset now, string? eku)
    {
        var request = key is RSA rsa
            ? new CertificateRequest($"CN={name}, O=DeAn06", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={name}, O=DeAn06", (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (eku is not null)
        {
            // Critical and alone: the key may do this one job (RFC 3161 requires it of a TSA).
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], critical: true));
        }

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        // The CA signs with its ECDSA key whatever the client key is (the generator overload allows that).
        return request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), now.AddYears(2), serial);
    }

    /// <summary>True for the names of the platform's own certificates (any case).</summary>
    public static bool IsReserved(string name) => ReservedNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The kind of key a client's certificate gets, from its command-line name ("p256" or "rsa2048").</summary>
    public static ClientKeyKind ParseKind(string name) => name.ToLowerInvariant() switch
    {
        "p256" or "ecdsa" => ClientKeyKind.EcdsaP256,
        "rsa2048" or "rsa" => ClientKeyKind.Rsa2048,
        _ => throw new ArgumentException($"Unknown client key kind '{name}': use p256 or rsa2048.", nameof(name)),
    };

    private static void Write(string folder, string name, X509Certificate2 cert, AsymmetricAlgorithm key)
    {
        // CreateNew: an existing key or certificate is never overwritten. The key file is created
        // 0600, not chmod-ed afterwards, so it is never readable by others even for a moment.
        string keyPath = Path.Combine(folder, name + ".key.pem");
        var keyFile = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            keyFile.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(keyPath, keyFile))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        using var certificate = new StreamWriter(Path.Combine(folder, name + ".pem"), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write });
        certificate.Write(cert.ExportCertificatePem());
    }
}

/// <summary>
/// Client signing keys: ECDSA P-256 (small signatures, cheap to sign) or RSA-2048 (what organisation
/// signing certificates usually carry; about 4× cheaper for the gateway to check, dearer to sign).
/// </summary>
internal enum ClientKeyKind
{
    EcdsaP256,
    Rsa2048,
}
