using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Cms;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Tests.Support;

namespace DeAn06.Gateway.Tests.Signing;

/// <summary>
/// Every single-byte change (three values at every position) and every truncation of valid RSA-2048
/// and P-256 signatures is refused, and no exception escapes the verifier. The old fast path with its
/// SignedCms fallback accepted 29 (RSA) and 39 (P-256) such changes, all in unsigned fields.
/// </summary>
public sealed class DetachedCmsVerifierFuzzTests : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("MaHoSo,SoDinhDanh,HoVaTen\nGD-001,001085866844,Nguyễn Văn Hùng\n");
    private static readonly byte[] Changes = [0x01, 0x80, 0xFF];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dean06-tests", "cms-fuzz-" + Guid.NewGuid().ToString("N")[..8]);

    public DetachedCmsVerifierFuzzTests()
    {
        DevCertificates.Create(Path.Combine(_dir, "p256"), ["BHXH"], TimeProvider.System.GetUtcNow());
        DevCertificates.Create(Path.Combine(_dir, "rsa"), ["BHXH"], TimeProvider.System.GetUtcNow(), ClientKeyKind.Rsa2048);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("p256", "signedcms")]
    [InlineData("p256", "openssl")]
    [InlineData("rsa", "signedcms")]
    [InlineData("rsa", "openssl")]
    [InlineData("rsa", "openssl-pss")]
    public void Verify_EverySingleByteChangeAndTruncation_NoneAccepted(string keys, string signer)
    {
        string folder = Path.Combine(_dir, keys);
        using X509Certificate2 cert = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "BHXH.pem"), Path.Combine(folder, "BHXH.key.pem"));
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)cert.GetECDsaPublicKey() ?? cert.GetRSAPublicKey()!;
        SignerIdentity identity = SignerIdentity.Of(cert);
        byte[] signature = signer switch
        {
            "signedcms" => SignWithSignedCms(cert),
            "openssl-pss" => OpenSslSign(folder, "-keyopt", "rsa_padding_mode:pss"),
            _ => OpenSslSign(folder),
        };
        Assert.Equal(CmsVerdict.Valid, DetachedCmsVerifier.Verify(Body, signature, identity, key));

        var accepted = new List<string>();
        int tried = 0;
        for (int i = 0; i < signature.Length; i++)
        {
            foreach (byte change in Changes)
            {
                byte[] changed = (byte[])signature.Clone();
                changed[i] ^= change;
                tried++;
                if (DetachedCmsVerifier.Verify(Body, changed, identity, key) == CmsVerdict.Valid)
                {
                    accepted.Add($"byte {i} ^ 0x{change:X2}");
                }
            }

            tried++;
            if (DetachedCmsVerifier.Verify(Body, signature.AsMemory(0, i), identity, key) == CmsVerdict.Valid)
            {
                accepted.Add($"truncated to {i} bytes");
            }
        }

        Assert.True(tried >= 2000, $"only {tried} variants");
        Assert.Empty(accepted);
    }

    private static byte[] SignWithSignedCms(X509Certificate2 cert)
    {
        var cms = new SignedCms(new ContentInfo(Body), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, cert) { IncludeOption = X509IncludeOption.EndCertOnly };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    private static byte[] OpenSslSign(string folder, params string[] options)
    {
        string bodyFile = Path.Combine(folder, "body-" + Guid.NewGuid().ToString("N")[..6] + ".csv");
        File.WriteAllBytes(bodyFile, Body);
        return OpenSsl.SignDetached(bodyFile, Path.Combine(folder, "BHXH.pem"), Path.Combine(folder, "BHXH.key.pem"), options);
    }
}
