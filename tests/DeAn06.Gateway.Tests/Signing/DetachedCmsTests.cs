using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Cms;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Tests.Support;

namespace DeAn06.Gateway.Tests.Signing;

/// <summary>The gateway's own answer signatures: accepted by its verifier, by SignedCms and by OpenSSL.</summary>
public sealed class DetachedCmsTests : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng"}""");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dean06-tests", "cms-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly X509Certificate2 _gateway;
    private readonly ECDsa _key;
    private readonly ECDsa _publicKey;
    private readonly SignerIdentity _identity;

    public DetachedCmsTests()
    {
        DevCertificates.Create(_dir, ["BHXH"], TimeProvider.System.GetUtcNow());
        _gateway = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, "gateway.pem")));
        _key = ECDsa.Create();
        _key.ImportFromPem(File.ReadAllText(Path.Combine(_dir, "gateway.key.pem")));
        _publicKey = _gateway.GetECDsaPublicKey()!;
        _identity = SignerIdentity.Of(_gateway);
    }

    public void Dispose()
    {
        _gateway.Dispose();
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
        Assert.Equal(_gateway.Thumbprint, signer.Certificate!.Thumbprint);
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
    public void Sign_CheckedByTheStrictVerifier_Valid() =>
        Assert.Equal(CmsVerdict.Valid, DetachedCmsVerifier.Verify(Body, DetachedCms.Sign(Body, _key, _identity, TimeProvider.System.GetUtcNow()), _identity, _publicKey));

    [Fact]
    public void Sign_CheckedByOpenSsl_VerificationSuccessful()
    {
        string body = Path.Combine(_dir, "body.json");
        string signature = Path.Combine(_dir, "body.sig");
        File.WriteAllBytes(body, Body);
        File.WriteAllBytes(signature, DetachedCms.Sign(Body, _key, _identity, TimeProvider.System.GetUtcNow()));
        string verified = OpenSsl.Run("cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", body,
            "-CAfile", Path.Combine(_dir, "ca.pem"), "-purpose", "any", "-out", Path.Combine(_dir, "out.json"));
        Assert.Contains("Verification successful", verified, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_ManyTimes_EveryEncodingOfRAndSAccepted()
    {
        // r and s are written as DER INTEGERs from fixed-size fields: about one signature in 128 has a
        // value with a leading zero byte, and half have one with its top bit set (a zero is prepended).
        // 1,000 signatures meet both cases many times over; each must be minimal DER that both the
        // strict verifier and SignedCms accept.
        var at = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        int shortValues = 0;
        for (int i = 0; i < 1000; i++)
        {
            byte[] body = [.. Body, .. BitConverter.GetBytes(i)];
            byte[] signature = DetachedCms.Sign(body, _key, _identity, at);
            Assert.Equal(CmsVerdict.Valid, DetachedCmsVerifier.Verify(body, signature, _identity, _publicKey));
            byte[] der = SignatureValue(signature);
            Assert.True(_publicKey.VerifyData(SignedAttributesAsSet(signature), der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence(); // DER rules: a non-minimal INTEGER throws
            shortValues += sequence.ReadIntegerBytes().Length < 32 ? 1 : 0;
            shortValues += sequence.ReadIntegerBytes().Length < 32 ? 1 : 0;
            if (i % 100 == 0)
            {
                var cms = new SignedCms(new ContentInfo(body), detached: true);
                cms.Decode(signature);
                cms.CheckSignature(verifySignatureOnly: true);
            }
        }

        Assert.True(shortValues > 0, "no r or s with a leading zero byte in 1,000 signatures");
    }

    private static ReadOnlyMemory<byte> SignerInfo(byte[] signature)
    {
        AsnReader contentInfo = new AsnReader(signature, AsnEncodingRules.DER).ReadSequence();
        contentInfo.ReadObjectIdentifier();
        AsnReader signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        signedData.ReadEncodedValue(); // version
        signedData.ReadEncodedValue(); // digest algorithms
        signedData.ReadEncodedValue(); // content info
        signedData.ReadEncodedValue(); // certificates [0]
        return signedData.ReadSetOf().ReadEncodedValue();
    }

    private static byte[] SignatureValue(byte[] signature)
    {
        AsnReader signer = new AsnReader(SignerInfo(signature), AsnEncodingRules.DER).ReadSequence();
        for (int i = 0; i < 5; i++)
        {
            signer.ReadEncodedValue(); // version, sid, digest algorithm, signed attributes, signature algorithm
        }

        return signer.ReadOctetString();
    }

    private static byte[] SignedAttributesAsSet(byte[] signature)
    {
        AsnReader signer = new AsnReader(SignerInfo(signature), AsnEncodingRules.DER).ReadSequence();
        for (int i = 0; i < 3; i++)
        {
            signer.ReadEncodedValue();
        }

        byte[] attributes = signer.ReadEncodedValue().ToArray();
        attributes[0] = 0x31; // signed as a SET
        return attributes;
    }
}
