using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Gateway.Signing;

using DeAn06.Gateway.Tests.Support;

namespace DeAn06.Gateway.Tests.Signing;

/// <summary>
/// The hand-written CMS path must agree with the framework's <see cref="SignedCms"/> and with OpenSSL:
/// what it writes they accept, what they write it accepts, and it never accepts what they refuse.
/// </summary>
public sealed class DetachedCmsTests : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng"}""");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dean06-tests", "cms-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly X509Certificate2 _signer;
    private readonly X509Certificate2 _other;
    private readonly ECDsa _key;
    private readonly ECDsa _publicKey;
    private readonly SignerIdentity _identity;

    public DetachedCmsTests()
    {
        DevCertificates.Create(_dir, ["BHXH", "THUE"], TimeProvider.System.GetUtcNow());
        _signer = Load("BHXH");
        _other = Load("THUE");
        _key = ECDsa.Create();
        _key.ImportFromPem(File.ReadAllText(Path.Combine(_dir, "BHXH.key.pem")));
        _publicKey = _signer.GetECDsaPublicKey()!;
        _identity = SignerIdentity.Of(_signer);
    }

    public void Dispose()
    {
        _signer.Dispose();
        _other.Dispose();
        _key.Dispose();
        _publicKey.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Sign_CheckedBySignedCms_WithSignerAndSigningTime()
    {
        var at = new DateTimeOffset(2026, 11, 22, 8, 30, 0, TimeSpan.Zero);
        byte[] signature = DetachedCms.Sign(Body, _key, _identity, at);

        var cms = new SignedCms(new ContentInfo(Body), detached: true);
        cms.Decode(signature);
        cms.CheckSignature(verifySignatureOnly: true);
        SignerInfo signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(_signer.Thumbprint, signer.Certificate!.Thumbprint);
        Pkcs9SigningTime time = Assert.Single(signer.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Where(a => a.Oid.Value == "1.2.840.113549.1.9.5").Select(a => new Pkcs9SigningTime(a.Values[0].RawData)));
        Assert.Equal(at.UtcDateTime, time.SigningTime.ToUniversalTime());
    }

    [Fact]
    public void Sign_OtherBody_SignedCmsRefuses()
    {
        byte[] signature = DetachedCms.Sign(Body, _key, _identity, TimeProvider.System.GetUtcNow());
        var cms = new SignedCms(new ContentInfo([.. Body, (byte)' ']), detached: true);
        cms.Decode(signature);
        Assert.ThrowsAny<CryptographicException>(() => cms.CheckSignature(verifySignatureOnly: true));
    }

    [Fact]
    public void TryVerify_OwnSignature_True() =>
        Assert.True(DetachedCms.TryVerify(Body, DetachedCms.Sign(Body, _key, _identity, TimeProvider.System.GetUtcNow()), _identity, _publicKey));

    [Fact]
    public void TryVerify_SignedCmsWithoutSignedAttributes_True() =>
        Assert.True(DetachedCms.TryVerify(Body, SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber), _identity, _publicKey));

    [Fact]
    public void TryVerify_SignedCmsWithSigningTime_True() =>
        Assert.True(DetachedCms.TryVerify(Body, SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber, signingTime: true), _identity, _publicKey));

    [Fact]
    public void TryVerify_BodyChanged_False()
    {
        byte[] signature = SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber);
        byte[] changed = (byte[])Body.Clone();
        changed[^3] ^= 1;
        Assert.False(DetachedCms.TryVerify(changed, signature, _identity, _publicKey));
    }

    [Fact]
    public void TryVerify_SignatureBytesFlipped_False()
    {
        byte[] signature = DetachedCms.Sign(Body, _key, _identity, TimeProvider.System.GetUtcNow());
        for (int i = signature.Length - 8; i < signature.Length; i++)
        {
            byte[] broken = (byte[])signature.Clone();
            broken[i] ^= 0x40;
            Assert.False(DetachedCms.TryVerify(Body, broken, _identity, _publicKey));
        }
    }

    [Fact]
    public void TryVerify_AnyByteChanged_NeverTrueWhenSignedCmsRefuses()
    {
        byte[] signature = DetachedCms.Sign(Body, _key, _identity, TimeProvider.System.GetUtcNow());
        foreach ((int i, byte mask) in Enumerable.Range(0, signature.Length).SelectMany(i => new byte[] { 0x01, 0x02, 0x10, 0x80 }.Select(m => (i, m))))
        {
            byte[] broken = (byte[])signature.Clone();
            broken[i] ^= mask;
            if (DetachedCms.TryVerify(Body, broken, _identity, _publicKey))
            {
                var cms = new SignedCms(new ContentInfo(Body), detached: true);
                cms.Decode(broken); // must not throw: the fast path said valid
                cms.CheckSignature(verifySignatureOnly: true);
                Assert.Equal(_signer.Thumbprint, cms.SignerInfos[0].Certificate!.Thumbprint);
            }
        }
    }

    [Fact]
    public void TryVerify_SignedByOtherCertificate_False()
    {
        using X509Certificate2 other = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "THUE.pem"), Path.Combine(_dir, "THUE.key.pem"));
        var cms = new SignedCms(new ContentInfo(Body), detached: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, other), silent: true);
        Assert.False(DetachedCms.TryVerify(Body, cms.Encode(), _identity, _publicKey));
    }

    [Fact]
    public void TryVerify_SubjectKeyIdentifierSigner_FalseSoSignedCmsDecides() =>
        Assert.False(DetachedCms.TryVerify(Body, SignWithSignedCms(Body, SubjectIdentifierType.SubjectKeyIdentifier), _identity, _publicKey));

    [Fact]
    public void TryVerify_ContentAttached_False()
    {
        using X509Certificate2 signer = WithKey();
        var cms = new SignedCms(new ContentInfo(Body), detached: false);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer), silent: true);
        Assert.False(DetachedCms.TryVerify(Body, cms.Encode(), _identity, _publicKey));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x30, 0x80, 0x00, 0x00 })]
    public void TryVerify_Garbage_False(byte[] garbage) => Assert.False(DetachedCms.TryVerify(Body, garbage, _identity, _publicKey));

    [Fact]
    public void TryVerify_OpenSslSignature_True()
    {
        string bodyFile = Path.Combine(_dir, "body.json");
        File.WriteAllBytes(bodyFile, Body);
        Assert.True(DetachedCms.TryVerify(Body, OpenSsl.SignDetached(bodyFile, Path.Combine(_dir, "BHXH.pem"), Path.Combine(_dir, "BHXH.key.pem")), _identity, _publicKey));
    }

    private byte[] SignWithSignedCms(byte[] body, SubjectIdentifierType sid, bool signingTime = false)
    {
        using X509Certificate2 signer = WithKey();
        var cms = new SignedCms(new ContentInfo(body), detached: true);
        var cmsSigner = new CmsSigner(sid, signer) { IncludeOption = X509IncludeOption.EndCertOnly };
        if (signingTime)
        {
            cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)));
        }

        cms.ComputeSignature(cmsSigner, silent: true);
        return cms.Encode();
    }

    private X509Certificate2 WithKey() => X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "BHXH.pem"), Path.Combine(_dir, "BHXH.key.pem"));

    private X509Certificate2 Load(string name) => X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, name + ".pem")));
}
