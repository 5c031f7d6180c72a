using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using DeAn06.Cms;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Signing.OpenSsl;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeAn06.Benchmarks;

/// <summary>
/// Cost of the CMS operations the gateway does per request (check a request signature, sign a
/// response), on a 200-byte body, against <see cref="SignedCms"/> for scale and a client's own
/// signing. Each verifying benchmark throws if the signature is refused, so a fast wrong answer
/// cannot pass for a fast right one.
/// </summary>
[MemoryDiagnoser]
public class CmsBenchmark : IDisposable
{
    private readonly byte[] _body = new byte[200];
    private string _dir = "";
    private X509Certificate2 _cert = null!;
    private X509Certificate2 _rsaCert = null!;
    private ECDsa _key = null!;
    private ECDsa _publicKey = null!;
    private RSA _rsaKey = null!;
    private RSA _rsaPublicKey = null!;
    private SignerIdentity _identity = null!;
    private SignerIdentity _rsaIdentity = null!;
    private byte[] _signature = [];
    private byte[] _own = [];
    private byte[] _rsaSignature = [];
    private byte[] _pssSignature = [];
    private byte[] _hash = [];
    private byte[] _rawPss = [];
    private ECDsa _reusedKey = null!;
    private RSA _reusedRsaPublicKey = null!;
    private byte[] _rawPkcs1 = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "dean06-cms-" + Guid.NewGuid().ToString("N")[..6]);
        DevCertificates.Create(_dir, ["BHXH"], TimeProvider.System.GetUtcNow());
        _cert = Load(_dir);
        _signature = SignedCmsSign(_cert);
        _key = ECDsa.Create();
        _key.ImportFromPem(File.ReadAllText($"{_dir}/BHXH.key.pem"));
        _publicKey = _cert.GetECDsaPublicKey()!;
        _identity = SignerIdentity.Of(_cert);
        _own = DetachedCms.Sign(_body, _key, _identity, TimeProvider.System.GetUtcNow());

        // A client with an RSA-2048 certificate (what dean06 up issues by default), signed with SignedCms.
        string rsaDir = Path.Combine(_dir, "rsa");
        DevCertificates.Create(rsaDir, ["BHXH"], TimeProvider.System.GetUtcNow(), ClientKeyKind.Rsa2048);
        _rsaCert = Load(rsaDir);
        _rsaSignature = SignedCmsSign(_rsaCert);
        _rsaPublicKey = _rsaCert.GetRSAPublicKey()!;
        _rsaIdentity = SignerIdentity.Of(_rsaCert);
        _rsaKey = _rsaCert.GetRSAPrivateKey()!;
        var pssSigned = new SignedCms(new ContentInfo(_body), detached: true);
        var pssSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _rsaCert, _rsaKey, RSASignaturePadding.Pss) { IncludeOption = X509IncludeOption.EndCertOnly };
        pssSigner.SignedAttributes.Add(new Pkcs9SigningTime(TimeProvider.System.GetUtcNow().UtcDateTime));
        pssSigned.ComputeSignature(pssSigner, silent: true);
        _pssSignature = pssSigned.Encode();
        _hash = SHA256.HashData(_body);
        _rawPss = _rsaKey.SignHash(_hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        _rawPkcs1 = _rsaKey.SignHash(_hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        // The gateway's own keys (Signing/OpenSsl): OpenSSL contexts set up once per key object.
        _reusedKey = OpenSslKeys.SigningKey(File.ReadAllText($"{_dir}/BHXH.key.pem"), NullLogger.Instance);
        _reusedRsaPublicKey = OpenSslKeys.Verifier(_rsaCert.GetRSAPublicKey()!, NullLogger.Instance);
        if (_reusedKey.GetType().Name != "ReusedContextEcdsa" || _reusedRsaPublicKey.GetType().Name != "ReusedContextRsa")
        {
            throw new InvalidOperationException("The reused-context keys are not available here; the comparison would be framework against framework.");
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _cert?.Dispose();
        _rsaCert?.Dispose();
        _key?.Dispose();
        _publicKey?.Dispose();
        _rsaKey?.Dispose();
        _rsaPublicKey?.Dispose();
        _reusedKey?.Dispose();
        _reusedRsaPublicKey?.Dispose();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "SignedCms: sign (CmsSigner, default attributes)")]
    public byte[] SignedCmsSignP256() => SignedCmsSign(_cert);

    [Benchmark(Description = "SignedCms: decode + CheckSignature(true)")]
    public void SignedCmsCheck()
    {
        var cms = new SignedCms(new ContentInfo(_body), detached: true);
        cms.Decode(_signature);
        cms.CheckSignature(verifySignatureOnly: true);
    }

    [Benchmark(Description = "gateway: sign an answer (DetachedCms, P-256)")]
    public byte[] GatewaySign() => DetachedCms.Sign(_body, _key, _identity, TimeProvider.System.GetUtcNow());

    [Benchmark(Description = "gateway: sign an answer, reused OpenSSL context (DetachedCms, P-256)")]
    public byte[] GatewaySignReused() => DetachedCms.Sign(_body, _reusedKey, _identity, TimeProvider.System.GetUtcNow());

    [Benchmark(Description = "ECDSA P-256 sign a hash: framework (context per call)")]
    public byte[] EcdsaSignHashFramework() => _key.SignHash(_hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark(Description = "ECDSA P-256 sign a hash: reused OpenSSL context")]
    public byte[] EcdsaSignHashReused() => _reusedKey.SignHash(_hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark(Description = "RSA-2048 PKCS#1 v1.5 verify a hash: framework (context per call)")]
    public void RsaVerifyHashFramework() => ExpectTrue(_rsaPublicKey.VerifyHash(_hash, _rawPkcs1, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    [Benchmark(Description = "RSA-2048 PKCS#1 v1.5 verify a hash: reused OpenSSL context")]
    public void RsaVerifyHashReused() => ExpectTrue(_reusedRsaPublicKey.VerifyHash(_hash, _rawPkcs1, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    [Benchmark(Description = "gateway: verify a P-256 SignedCms signature")]
    public void VerifyP256() => Expect(DetachedCmsVerifier.Verify(_body, _signature, _identity, _publicKey));

    [Benchmark(Description = "gateway: verify a DetachedCms.Sign signature")]
    public void VerifyOwn() => Expect(DetachedCmsVerifier.Verify(_body, _own, _identity, _publicKey));

    [Benchmark(Description = "gateway: verify an RSA-2048 PKCS#1 v1.5 signature")]
    public void VerifyRsa() => Expect(DetachedCmsVerifier.Verify(_body, _rsaSignature, _rsaIdentity, _rsaPublicKey));

    [Benchmark(Description = "gateway: verify an RSA-2048 PKCS#1 v1.5 signature, reused OpenSSL context")]
    public void VerifyRsaReused() => Expect(DetachedCmsVerifier.Verify(_body, _rsaSignature, _rsaIdentity, _reusedRsaPublicKey));

    [Benchmark(Description = "gateway: verify an RSA-2048 PSS signature, salt = hash length")]
    public void VerifyPss() => Expect(DetachedCmsVerifier.Verify(_body, _pssSignature, _rsaIdentity, _rsaPublicKey));

    [Benchmark(Description = "EMSA-PSS for other salt lengths (RsaPss.Verify, BigInteger)")]
    public void VerifyPssOtherSalt()
    {
        if (!RsaPss.Verify(_rsaPublicKey, _hash, _rawPss, HashAlgorithmName.SHA256, 32))
        {
            throw new InvalidOperationException("PSS signature refused");
        }
    }

    [Benchmark(Description = "client: sign with RSA-2048 (CmsSigner)")]
    public byte[] ClientSignRsa() => SignedCmsSign(_rsaCert);

    private static X509Certificate2 Load(string dir)
    {
        using var pem = X509Certificate2.CreateFromPemFile($"{dir}/BHXH.pem", $"{dir}/BHXH.key.pem");
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>What the SDK writes: one signer by issuer and serial, its certificate, a signing time.</summary>
    private byte[] SignedCmsSign(X509Certificate2 cert)
    {
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, cert) { IncludeOption = X509IncludeOption.EndCertOnly };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(TimeProvider.System.GetUtcNow().UtcDateTime));
        var cms = new SignedCms(new ContentInfo(_body), detached: true);
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    private static void ExpectTrue(bool valid)
    {
        if (!valid)
        {
            throw new InvalidOperationException("signature refused");
        }
    }

    private static void Expect(CmsVerdict verdict)
    {
        if (verdict != CmsVerdict.Valid)
        {
            throw new InvalidOperationException($"signature refused: {verdict}");
        }
    }
}
