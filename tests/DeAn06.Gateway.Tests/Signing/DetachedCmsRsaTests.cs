using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Gateway.Signing;

using DeAn06.Gateway.Tests.Support;

namespace DeAn06.Gateway.Tests.Signing;

/// <summary>
/// Clients with RSA-2048 certificates (what `keys init --client-keys rsa2048` and `dean06 up` issue):
/// the fast path checks PKCS #1 v1.5 signatures from SignedCms and OpenSSL, never accepts what
/// SignedCms refuses, and leaves RSA-PSS and mismatched key kinds to SignedCms.
/// </summary>
public sealed class DetachedCmsRsaTests : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"SoDinhDanh":"001085866844","HoVaTen":"Trần Thị Lan"}""");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dean06-tests", "cms-rsa-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly X509Certificate2 _signer;
    private readonly RSA _publicKey;
    private readonly SignerIdentity _identity;

    public DetachedCmsRsaTests()
    {
        DevCertificates.Create(_dir, ["BHXH", "THUE"], TimeProvider.System.GetUtcNow(), ClientKeyKind.Rsa2048);
        _signer = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, "BHXH.pem")));
        _publicKey = _signer.GetRSAPublicKey()!;
        _identity = SignerIdentity.Of(_signer);
    }

    public void Dispose()
    {
        _signer.Dispose();
        _publicKey.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void DevCertificates_ClientRsa2048_IssuedByTheEcdsaCa()
    {
        Assert.Equal(2048, _publicKey.KeySize);
        Assert.Null(_signer.GetECDsaPublicKey());
        using X509Certificate2 ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, "ca.pem")));
        using X509Certificate2 gateway = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, "gateway.pem")));
        Assert.NotNull(gateway.GetECDsaPublicKey()); // the gateway signs responses with P-256 whatever the clients use
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(_signer), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryVerify_SignedCmsPkcs1_True(bool signingTime) =>
        Assert.True(DetachedCms.TryVerify(Body, SignWithSignedCms(Body, RSASignaturePadding.Pkcs1, signingTime), _identity, _publicKey));

    [Fact]
    public void TryVerify_BodyChanged_False()
    {
        byte[] changed = [.. Body, (byte)' '];
        Assert.False(DetachedCms.TryVerify(changed, SignWithSignedCms(Body, RSASignaturePadding.Pkcs1, signingTime: true), _identity, _publicKey));
    }

    [Fact]
    public void TryVerify_AnyByteChanged_NeverTrueWhenSignedCmsRefuses()
    {
        byte[] signature = SignWithSignedCms(Body, RSASignaturePadding.Pkcs1, signingTime: true);
        int accepted = 0, refused = 0;
        foreach ((int i, byte mask) in Enumerable.Range(0, signature.Length).SelectMany(i => new byte[] { 0x01, 0x80 }.Select(m => (i, m))))
        {
            byte[] broken = (byte[])signature.Clone();
            broken[i] ^= mask;
            if (DetachedCms.TryVerify(Body, broken, _identity, _publicKey))
            {
                accepted++;
                var cms = new SignedCms(new ContentInfo(Body), detached: true);
                cms.Decode(broken); // must not throw: the fast path said valid
                cms.CheckSignature(verifySignatureOnly: true);
                Assert.Equal(_signer.Thumbprint, cms.SignerInfos[0].Certificate!.Thumbprint);
            }
            else
            {
                refused++;
            }
        }

        // What can pass lies outside the signed bytes and SignedCms accepts it too (e.g. the
        // digestAlgorithms hint set); changes to the signer, the attributes or the signature are refused.
        Assert.True(accepted < signature.Length / 20, $"{accepted} of {signature.Length * 2} changed signatures accepted");
        Assert.True(refused > 0);
    }

    [Fact]
    public void TryVerify_RsaPss_FalseSoSignedCmsDecides()
    {
        byte[] pss = SignWithSignedCms(Body, RSASignaturePadding.Pss, signingTime: true);
        Assert.False(DetachedCms.TryVerify(Body, pss, _identity, _publicKey));
        var cms = new SignedCms(new ContentInfo(Body), detached: true);
        cms.Decode(pss);
        cms.CheckSignature(verifySignatureOnly: true); // a valid signature: the general path accepts it
    }

    [Fact]
    public void TryVerify_RsaSignatureAgainstAnEcdsaKey_False()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.False(DetachedCms.TryVerify(Body, SignWithSignedCms(Body, RSASignaturePadding.Pkcs1, signingTime: false), _identity, ecdsa));
    }

    [Fact]
    public void TryVerify_OpenSslRsaSignature_True()
    {
        string bodyFile = Path.Combine(_dir, "body.json");
        File.WriteAllBytes(bodyFile, Body);
        Assert.True(DetachedCms.TryVerify(Body, OpenSsl.SignDetached(bodyFile, Path.Combine(_dir, "BHXH.pem"), Path.Combine(_dir, "BHXH.key.pem")), _identity, _publicKey));
    }

    private byte[] SignWithSignedCms(byte[] body, RSASignaturePadding padding, bool signingTime)
    {
        using X509Certificate2 signer = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "BHXH.pem"), Path.Combine(_dir, "BHXH.key.pem"));
        using RSA key = signer.GetRSAPrivateKey()!;
        var cms = new SignedCms(new ContentInfo(body), detached: true);
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer, key, padding) { IncludeOption = X509IncludeOption.EndCertOnly };
        if (signingTime)
        {
            cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)));
        }

        cms.ComputeSignature(cmsSigner, silent: true);
        return cms.Encode();
    }
}
