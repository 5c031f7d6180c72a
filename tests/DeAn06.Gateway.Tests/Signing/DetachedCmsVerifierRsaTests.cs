using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Cms;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Tests.Support;

namespace DeAn06.Gateway.Tests.Signing;

/// <summary>
/// Clients with RSA-2048 certificates (what `keys init --client-keys rsa2048` and `dean06 up` issue):
/// PKCS #1 v1.5 and RSA-PSS from SignedCms and OpenSSL, including OpenSSL's default maximum salt.
/// </summary>
public sealed class DetachedCmsVerifierRsaTests : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"SoDinhDanh":"001085866844","HoVaTen":"Trần Thị Lan"}""");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dean06-tests", "cmsv-rsa-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly X509Certificate2 _signer;
    private readonly RSA _publicKey;
    private readonly SignerIdentity _identity;

    public DetachedCmsVerifierRsaTests()
    {
        DevCertificates.Create(_dir, ["BHXH"], TimeProvider.System.GetUtcNow(), ClientKeyKind.Rsa2048);
        _signer = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "BHXH.pem"), Path.Combine(_dir, "BHXH.key.pem"));
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
        using X509Certificate2 ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, "ca.pem")));
        using X509Certificate2 gateway = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, "gateway.pem")));
        Assert.NotNull(gateway.GetECDsaPublicKey()); // the gateway signs responses with P-256 whatever the clients use
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(_signer), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void Verify_SignedCmsPkcs1_Valid() => Assert.Equal(CmsVerdict.Valid, Verify(Body, SignWithSignedCms(RSASignaturePadding.Pkcs1)));

    [Fact]
    public void Verify_SignedCmsPssSaltIsHashLength_Valid() => Assert.Equal(CmsVerdict.Valid, Verify(Body, SignWithSignedCms(RSASignaturePadding.Pss)));

    [Theory]
    [InlineData("SHA256")]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void Verify_BuiltPss_Valid(string hash) =>
        Assert.Equal(CmsVerdict.Valid, Verify(Body, new CmsBuilder { Hash = new HashAlgorithmName(hash), Pss = true }.Sign(Body, _signer)));

    [Fact]
    public void Verify_OpenSslPkcs1_Valid() => Assert.Equal(CmsVerdict.Valid, Verify(Body, OpenSslSign()));

    [Fact]
    public void Verify_OpenSslPssDefaultMaximumSalt_Valid()
    {
        byte[] pss = OpenSslSign("-keyopt", "rsa_padding_mode:pss");
        Assert.Equal(CmsVerdict.Valid, Verify(Body, pss));

        // The salt really is not the hash length: .NET's own PSS check (salt = hash length) refuses it.
        var cms = new SignedCms(new ContentInfo(Body), detached: true);
        cms.Decode(pss);
        Assert.ThrowsAny<CryptographicException>(() => cms.CheckSignature(verifySignatureOnly: true));
    }

    [Theory]
    [InlineData("sha256", "32")]
    [InlineData("sha384", "0")]
    [InlineData("sha512", "max")]
    public void Verify_OpenSslPssOtherSalts_Valid(string digest, string salt) =>
        Assert.Equal(CmsVerdict.Valid, Verify(Body, OpenSslSign("-md", digest, "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:" + salt)));

    [Theory]
    [InlineData("sha1")]
    [InlineData("md5")]
    public void Verify_OpenSslWeakDigest_DigestAlgorithmNotAllowed(string digest) =>
        Assert.Equal(CmsVerdict.DigestAlgorithmNotAllowed, Verify(Body, OpenSslSign("-md", digest)));

    [Fact]
    public void Verify_BodyChanged_DigestMismatch() =>
        Assert.Equal(CmsVerdict.DigestMismatch, Verify([.. Body, (byte)' '], SignWithSignedCms(RSASignaturePadding.Pkcs1)));

    [Fact]
    public void Verify_EmbeddedPrefix_ContentEmbedded() =>
        Assert.Equal(CmsVerdict.ContentEmbedded, Verify(Body[10..], CmsSurgery.EmbedContent(SignWithSignedCms(RSASignaturePadding.Pkcs1), Body[..10])));

    [Fact]
    public void Verify_RsaSignatureAgainstAnEcdsaKey_SignatureAlgorithmInconsistent()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(CmsVerdict.SignatureAlgorithmInconsistent, DetachedCmsVerifier.Verify(Body, SignWithSignedCms(RSASignaturePadding.Pkcs1), _identity, ecdsa));
    }

    [Fact]
    public void RsaPss_WrongSaltLengthDeclared_False()
    {
        byte[] hash = SHA256.HashData(Body);
        using RSA key = _signer.GetRSAPrivateKey()!;
        byte[] signature = key.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        Assert.True(RsaPss.Verify(_publicKey, hash, signature, HashAlgorithmName.SHA256, 32));
        Assert.False(RsaPss.Verify(_publicKey, hash, signature, HashAlgorithmName.SHA256, 31));
        Assert.False(RsaPss.Verify(_publicKey, hash, signature, HashAlgorithmName.SHA256, 222));
        Assert.False(RsaPss.Verify(_publicKey, hash, signature, HashAlgorithmName.SHA256, 223)); // larger than the key allows
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(int.MaxValue - 33)] // hash length + salt + 2 wrapped negative and passed the length check: a 500
    [InlineData(4096)]
    public void Verify_PssSaltLengthBeyondAnyKey_PssParametersInvalid(int salt) =>
        Assert.Equal(CmsVerdict.PssParametersInvalid, Verify(Body, new CmsBuilder { Pss = true, DeclaredSaltLength = salt }.Sign(Body, _signer)));

    [Fact]
    public void RsaPss_SaltLengthNearIntMax_FalseNotAnException()
    {
        byte[] hash = SHA256.HashData(Body);
        using RSA key = _signer.GetRSAPrivateKey()!;
        byte[] signature = key.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        Assert.False(RsaPss.Verify(_publicKey, hash, signature, HashAlgorithmName.SHA256, int.MaxValue - 33));
    }

    private CmsVerdict Verify(byte[] body, byte[] cms) => DetachedCmsVerifier.Verify(body, cms, _identity, _publicKey);

    private byte[] OpenSslSign(params string[] options)
    {
        string bodyFile = Path.Combine(_dir, "body-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        File.WriteAllBytes(bodyFile, Body);
        return OpenSsl.SignDetached(bodyFile, Path.Combine(_dir, "BHXH.pem"), Path.Combine(_dir, "BHXH.key.pem"), options);
    }

    private byte[] SignWithSignedCms(RSASignaturePadding padding)
    {
        using RSA key = _signer.GetRSAPrivateKey()!;
        var cms = new SignedCms(new ContentInfo(Body), detached: true);
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _signer, key, padding) { IncludeOption = X509IncludeOption.EndCertOnly };
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)));
        cms.ComputeSignature(cmsSigner, silent: true);
        return cms.Encode();
    }
}
