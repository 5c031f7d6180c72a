using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Cms;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Tests.Support;

namespace DeAn06.Gateway.Tests.Signing;

/// <summary>
/// The one signature policy with a P-256 client certificate: what SignedCms and OpenSSL write in the
/// allowed shape is valid; every other shape is refused with its reason, never "ask SignedCms".
/// </summary>
public sealed class DetachedCmsVerifierTests : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("MaHoSo,SoDinhDanh,HoVaTen\nGD-001,001085866844,Nguyễn Văn Hùng\nGD-002,001085866845,Trần Thị Lan\n");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dean06-tests", "cmsv-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly X509Certificate2 _signer;
    private readonly ECDsa _publicKey;
    private readonly SignerIdentity _identity;

    public DetachedCmsVerifierTests()
    {
        DevCertificates.Create(_dir, ["BHXH", "THUE"], TimeProvider.System.GetUtcNow());
        _signer = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "BHXH.pem"), Path.Combine(_dir, "BHXH.key.pem"));
        _publicKey = _signer.GetECDsaPublicKey()!;
        _identity = SignerIdentity.Of(_signer);
    }

    public void Dispose()
    {
        _signer.Dispose();
        _publicKey.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Verify_SignedCmsWithSigningTime_Valid() =>
        Assert.Equal(CmsVerdict.Valid, Verify(Body, SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber)));

    [Fact]
    public void Verify_SubjectKeyIdentifierSigner_Valid() =>
        Assert.Equal(CmsVerdict.Valid, Verify(Body, SignWithSignedCms(Body, SubjectIdentifierType.SubjectKeyIdentifier)));

    [Fact]
    public void Verify_OpenSslSignature_Valid() => Assert.Equal(CmsVerdict.Valid, Verify(Body, OpenSslSign()));

    [Fact]
    public void Verify_WithoutCertificate_Valid() =>
        Assert.Equal(CmsVerdict.Valid, Verify(Body, new CmsBuilder { IncludeCertificate = false }.Sign(Body, _signer)));

    [Theory]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void Verify_Sha384And512_Valid(string hash) =>
        Assert.Equal(CmsVerdict.Valid, Verify(Body, new CmsBuilder { Hash = new HashAlgorithmName(hash) }.Sign(Body, _signer)));

    [Fact]
    public void Verify_EmbeddedPrefixOfTheBody_ContentEmbedded()
    {
        // A captured signature over the whole file, with its first line moved into eContent: SignedCms
        // hashes eContent before the detached body, so the truncated body used to pass.
        byte[] captured = SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber);
        int k = Array.IndexOf(Body, (byte)'\n') + 1;
        Assert.Equal(CmsVerdict.ContentEmbedded, Verify(Body[k..], CmsSurgery.EmbedContent(captured, Body[..k])));
    }

    [Fact]
    public void Verify_BodyChanged_DigestMismatch()
    {
        byte[] changed = (byte[])Body.Clone();
        changed[^3] ^= 1;
        Assert.Equal(CmsVerdict.DigestMismatch, Verify(changed, SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber)));
    }

    [Fact]
    public void Verify_TrailingBytes_Refused() =>
        Assert.Equal(CmsVerdict.TrailingBytes, Verify(Body, [.. SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber), 0x00, 0x00]));

    [Fact]
    public void Verify_WithoutSignedAttributes_Refused()
    {
        // SignedCms writes no signed attributes unless asked for one: the signature then covers the
        // body directly, without the content type the policy requires.
        var cms = new SignedCms(new ContentInfo(Body), detached: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _signer) { IncludeOption = X509IncludeOption.EndCertOnly }, silent: true);
        Assert.Equal(CmsVerdict.SignedAttributesMissing, Verify(Body, cms.Encode()));
    }

    [Fact]
    public void Verify_ContentTypeAttributeMissing_Refused() =>
        Assert.Equal(CmsVerdict.ContentTypeAttributeInvalid, Verify(Body, new CmsBuilder { ContentType = false }.Sign(Body, _signer)));

    [Fact]
    public void Verify_ContentTypeNotData_Refused() =>
        Assert.Equal(CmsVerdict.ContentTypeAttributeInvalid, Verify(Body, new CmsBuilder { ContentTypeValue = "1.2.840.113549.1.9.16.1.4" }.Sign(Body, _signer)));

    [Fact]
    public void Verify_MessageDigestMissing_Refused() =>
        Assert.Equal(CmsVerdict.MessageDigestAttributeInvalid, Verify(Body, new CmsBuilder { MessageDigest = false }.Sign(Body, _signer)));

    [Theory]
    [InlineData("SHA1")]
    [InlineData("MD5")]
    public void Verify_WeakDigest_DigestAlgorithmNotAllowed(string hash) =>
        Assert.Equal(CmsVerdict.DigestAlgorithmNotAllowed, Verify(Body, new CmsBuilder { Hash = new HashAlgorithmName(hash) }.Sign(Body, _signer)));

    [Fact]
    public void Verify_SignedCmsSha1_DigestAlgorithmNotAllowed()
    {
        var cms = new SignedCms(new ContentInfo(Body), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _signer) { IncludeOption = X509IncludeOption.EndCertOnly, DigestAlgorithm = new Oid("1.3.14.3.2.26") };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)));
        cms.ComputeSignature(signer, silent: true);
        Assert.Equal(CmsVerdict.DigestAlgorithmNotAllowed, Verify(Body, cms.Encode()));
    }

    [Fact]
    public void Verify_DigestAlgorithmsListOther_Refused() =>
        Assert.Equal(CmsVerdict.DigestAlgorithmsInconsistent, Verify(Body, new CmsBuilder { ListedDigestOids = ["2.16.840.1.101.3.4.2.3"] }.Sign(Body, _signer)));

    [Fact]
    public void Verify_DigestAlgorithmsListExtra_Refused() =>
        Assert.Equal(CmsVerdict.DigestAlgorithmsInconsistent, Verify(Body, new CmsBuilder { ListedDigestOids = ["2.16.840.1.101.3.4.2.1", "1.3.14.3.2.26"] }.Sign(Body, _signer)));

    [Fact]
    public void Verify_UnsignedAttribute_Refused() =>
        Assert.Equal(CmsVerdict.UnsignedAttributesPresent, Verify(Body, new CmsBuilder { UnsignedAttribute = true }.Sign(Body, _signer)));

    [Fact]
    public void Verify_EmbeddedContentFromBuilder_Refused() =>
        Assert.Equal(CmsVerdict.ContentEmbedded, Verify(Body, new CmsBuilder { EmbeddedContent = Body }.Sign(Body, _signer)));

    [Fact]
    public void Verify_TwoSigners_Refused()
    {
        using X509Certificate2 other = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "THUE.pem"), Path.Combine(_dir, "THUE.key.pem"));
        byte[] both = CmsSurgery.AddSigners(SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber), SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber, other));
        Assert.Equal(CmsVerdict.CertificatesNotRegistered, Verify(Body, both));
        Assert.Equal(CmsVerdict.NotOneSigner, Verify(Body, CmsSurgery.AddSigners(SignWithoutCertificate(_signer), SignWithoutCertificate(other))));
        Assert.Equal(CmsVerdict.NotOneSigner, Verify(Body, CmsSurgery.AddSigners(SignWithoutCertificate(_signer), SignWithoutCertificate(_signer))));
    }

    [Fact]
    public void Verify_SignedByOtherCertificate_Refused()
    {
        using X509Certificate2 other = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "THUE.pem"), Path.Combine(_dir, "THUE.key.pem"));
        Assert.Equal(CmsVerdict.SignerNotRegistered, Verify(Body, SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber, other)));
        Assert.Equal(CmsVerdict.SignerNotRegistered, Verify(Body, new CmsBuilder { IncludeCertificate = false }.Sign(Body, other)));
    }

    [Fact]
    public void Verify_EcdsaSignatureAgainstAnRsaKey_SignatureAlgorithmInconsistent()
    {
        using RSA rsa = RSA.Create(2048);
        Assert.Equal(CmsVerdict.SignatureAlgorithmInconsistent, DetachedCmsVerifier.Verify(Body, SignWithSignedCms(Body, SubjectIdentifierType.IssuerAndSerialNumber), _identity, rsa));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x30, 0x80, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01 })]
    public void Verify_Garbage_Refused(byte[] garbage) => Assert.NotEqual(CmsVerdict.Valid, Verify(Body, garbage));

    private CmsVerdict Verify(byte[] body, byte[] cms) => DetachedCmsVerifier.Verify(body, cms, _identity, _publicKey);

    private static byte[] SignWithoutCertificate(X509Certificate2 signer) => new CmsBuilder { IncludeCertificate = false }.Sign(Body, signer);

    private byte[] OpenSslSign()
    {
        string bodyFile = Path.Combine(_dir, "body.csv");
        File.WriteAllBytes(bodyFile, Body);
        return OpenSsl.SignDetached(bodyFile, Path.Combine(_dir, "BHXH.pem"), Path.Combine(_dir, "BHXH.key.pem"));
    }

    private byte[] SignWithSignedCms(byte[] body, SubjectIdentifierType sid, X509Certificate2? signer = null)
    {
        var cms = new SignedCms(new ContentInfo(body), detached: true);
        var cmsSigner = new CmsSigner(sid, signer ?? _signer) { IncludeOption = X509IncludeOption.EndCertOnly };
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)));
        cms.ComputeSignature(cmsSigner, silent: true);
        return cms.Encode();
    }
}
