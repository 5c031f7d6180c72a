using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Signing;

namespace DeAn06.Gateway.Tests.MessageLog;

/// <summary>The log's compact signature form must give back the exact original text, or nothing.</summary>
public sealed class StoredSignatureTests : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"SoDinhDanh":"001085866844"}""");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dean06-tests", "stored-" + Guid.NewGuid().ToString("N")[..8]);

    public StoredSignatureTests()
    {
        DevCertificates.Create(Path.Combine(_dir, "p256"), ["BHXH"], TimeProvider.System.GetUtcNow());
        DevCertificates.Create(Path.Combine(_dir, "rsa"), ["BHXH"], TimeProvider.System.GetUtcNow(), ClientKeyKind.Rsa2048);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("p256")]
    [InlineData("rsa")]
    public void Compact_ThenExpand_GivesTheOriginalTextAndCutsTheCertificate(string kind)
    {
        using X509Certificate2 signer = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, kind, "BHXH.pem"), Path.Combine(_dir, kind, "BHXH.key.pem"));
        string original = Sign(signer);

        var (stored, hash, certificate) = StoredSignature.Compact(original)!.Value;
        Assert.Equal(signer.RawData, certificate.ToArray());
        Assert.Equal(SHA256.HashData(signer.RawData), hash);
        Assert.True(stored.Length < Convert.FromBase64String(original).Length - signer.RawData.Length + 40);
        Assert.Equal(original, StoredSignature.Expand(stored, h => h.AsSpan().SequenceEqual(hash) ? signer.RawData : null));
    }

    [Fact]
    public void Expand_CertificateUnknownOrDamagedForm_Null()
    {
        using X509Certificate2 signer = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "p256", "BHXH.pem"), Path.Combine(_dir, "p256", "BHXH.key.pem"));
        var (stored, _, _) = StoredSignature.Compact(Sign(signer))!.Value;
        Assert.Null(StoredSignature.Expand(stored, _ => null));
        byte[] badOffset = (byte[])stored.Clone();
        badOffset[1] = 0x7F;
        Assert.Null(StoredSignature.Expand(badOffset, _ => signer.RawData));
        Assert.Null(StoredSignature.Expand([0x02, .. stored[1..]], _ => signer.RawData));
        Assert.Null(StoredSignature.Expand([0x01, 0, 0], _ => signer.RawData));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("MIIB")] // base64, not CMS
    [InlineData("")]
    public void Compact_NotACmsSignature_NullSoTheTextIsKept(string text) => Assert.Null(StoredSignature.Compact(text));

    [Fact]
    public void Compact_Base64WithLineBreaks_NullSoTheTextIsKeptExactly()
    {
        using X509Certificate2 signer = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "p256", "BHXH.pem"), Path.Combine(_dir, "p256", "BHXH.key.pem"));
        string wrapped = Convert.ToBase64String(Convert.FromBase64String(Sign(signer)), Base64FormattingOptions.InsertLineBreaks);
        Assert.Null(StoredSignature.Compact(wrapped));
    }

    [Fact]
    public void Compact_SignatureWithoutCertificates_Null()
    {
        using X509Certificate2 signer = X509Certificate2.CreateFromPemFile(Path.Combine(_dir, "p256", "BHXH.pem"), Path.Combine(_dir, "p256", "BHXH.key.pem"));
        var cms = new SignedCms(new ContentInfo(Body), detached: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer) { IncludeOption = X509IncludeOption.None }, silent: true);
        Assert.Null(StoredSignature.Compact(Convert.ToBase64String(cms.Encode())));
    }

    private static string Sign(X509Certificate2 signer)
    {
        var cms = new SignedCms(new ContentInfo(Body), detached: true);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer) { IncludeOption = X509IncludeOption.EndCertOnly }, silent: true);
        return Convert.ToBase64String(cms.Encode());
    }
}
