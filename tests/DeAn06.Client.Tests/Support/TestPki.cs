using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using DeAn06.Client;

namespace DeAn06.Client.Tests.Support;

/// <summary>
/// A platform CA made in memory, with the gateway's response-signing certificate (carrying the
/// gateway EKU) and a sector system's certificate (no EKU), valid around <see cref="Now"/>.
/// </summary>
internal sealed class TestPki : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    public TestPki()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=DeAn06 test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Ca = caRequest.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(1));
        Gateway = Issue("CN=DeAn06 gateway", DeAn06ClientOptions.GatewayResponseSigningEku, 1);
        Client = Issue("CN=BHXH", null, 2);
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Gateway { get; }

    public X509Certificate2 Client { get; }

    public DeAn06ClientOptions Options(bool sign = true, bool checkAnswers = true) => new()
    {
        GatewayAddress = new Uri("http://gateway.test/"),
        ClientId = "BHXH",
        ClientSecret = "secret",
        SigningCertificate = sign ? Client : null,
        PlatformCa = checkAnswers ? Ca : null,
    };

    /// <summary>A detached CMS signature over <paramref name="body"/> in the shape the gateway uses.</summary>
    public static string SignAs(X509Certificate2 signer, byte[] body)
    {
        var cms = new SignedCms(new ContentInfo(body), detached: true);
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer) { IncludeOption = X509IncludeOption.EndCertOnly };
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(Now.UtcDateTime));
        cms.ComputeSignature(cmsSigner, silent: true);
        return Convert.ToBase64String(cms.Encode());
    }

    public void Dispose()
    {
        Ca.Dispose();
        Gateway.Dispose();
        Client.Dispose();
    }

    private X509Certificate2 Issue(string subject, string? eku, byte serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (eku is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(eku)], false));
        }

        using X509Certificate2 issued = request.Create(Ca, Now.AddDays(-30), Now.AddDays(300), [serial, 0x11, 0x22]);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
