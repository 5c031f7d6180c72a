using System.Diagnostics;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using DeAn06.Cms;
using DeAn06.Gateway.Signing;

namespace DeAn06.Benchmarks;

/// <summary>Cost of the CMS operations the gateway does per request: check a request signature, sign a response.</summary>
internal static class CmsBenchmark
{
    public static int Run(Options o)
    {
        int n = o.Int("count", 2000);
        string dir = Path.Combine(Path.GetTempPath(), "dean06-cms-" + Guid.NewGuid().ToString("N")[..6]);
        DevCertificates.Create(dir, ["BHXH"], TimeProvider.System.GetUtcNow());
        using var pem = X509Certificate2.CreateFromPemFile($"{dir}/BHXH.pem", $"{dir}/BHXH.key.pem");
        using X509Certificate2 cert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        byte[] body = new byte[200];
        var signed = new SignedCms(new ContentInfo(body), detached: true);
        signed.ComputeSignature(Signer(cert), silent: true);
        byte[] signature = signed.Encode();

        Time("sign (CmsSigner, default attributes)", n, () =>
        {
            var cms = new SignedCms(new ContentInfo(body), detached: true);
            cms.ComputeSignature(Signer(cert), silent: true);
            cms.Encode();
        });
        Time("decode + CheckSignature(true)", n, () =>
        {
            var cms = new SignedCms(new ContentInfo(body), detached: true);
            cms.Decode(signature);
            cms.CheckSignature(verifySignatureOnly: true);
        });
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(File.ReadAllText($"{dir}/BHXH.key.pem"));
        using System.Security.Cryptography.ECDsa publicKey = cert.GetECDsaPublicKey()!;
        SignerIdentity identity = SignerIdentity.Of(cert);
        byte[] own = DetachedCms.Sign(body, key, identity, TimeProvider.System.GetUtcNow());
        Time("gateway path: sign (DetachedCms)", n, () => DetachedCms.Sign(body, key, identity, TimeProvider.System.GetUtcNow()));
        Time("gateway path: verify a P-256 client's SignedCms signature (DetachedCmsVerifier)", n, () =>
        {
            if (DetachedCmsVerifier.Verify(body, signature, identity, publicKey) != CmsVerdict.Valid)
            {
                throw new InvalidOperationException("P-256 signature refused");
            }
        });
        Time("gateway path: verify a DetachedCms.Sign signature (DetachedCmsVerifier)", n, () =>
        {
            if (DetachedCmsVerifier.Verify(body, own, identity, publicKey) != CmsVerdict.Valid)
            {
                throw new InvalidOperationException("own signature refused");
            }
        });

        // A client with an RSA-2048 certificate (what dean06 up issues by default), signed with SignedCms.
        string rsaDir = Path.Combine(dir, "rsa");
        DevCertificates.Create(rsaDir, ["BHXH"], TimeProvider.System.GetUtcNow(), ClientKeyKind.Rsa2048);
        using var rsaPem = X509Certificate2.CreateFromPemFile($"{rsaDir}/BHXH.pem", $"{rsaDir}/BHXH.key.pem");
        using X509Certificate2 rsaCert = X509CertificateLoader.LoadPkcs12(rsaPem.Export(X509ContentType.Pkcs12), null);
        var rsaSigned = new SignedCms(new ContentInfo(body), detached: true);
        rsaSigned.ComputeSignature(Signer(rsaCert), silent: true);
        byte[] rsaSignature = rsaSigned.Encode();
        using System.Security.Cryptography.RSA rsaPublicKey = rsaCert.GetRSAPublicKey()!;
        SignerIdentity rsaIdentity = SignerIdentity.Of(rsaCert);
        Time("gateway path: verify an RSA-2048 client's signature (DetachedCmsVerifier)", n, () =>
        {
            if (DetachedCmsVerifier.Verify(body, rsaSignature, rsaIdentity, rsaPublicKey) != CmsVerdict.Valid)
            {
                throw new InvalidOperationException("RSA signature refused");
            }
        });
        using (System.Security.Cryptography.RSA rsaKey = rsaCert.GetRSAPrivateKey()!)
        {
            var pssSigned = new SignedCms(new ContentInfo(body), detached: true);
            var pssSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, rsaCert, rsaKey, System.Security.Cryptography.RSASignaturePadding.Pss) { IncludeOption = X509IncludeOption.EndCertOnly };
            pssSigner.SignedAttributes.Add(new Pkcs9SigningTime(TimeProvider.System.GetUtcNow().UtcDateTime));
            pssSigned.ComputeSignature(pssSigner, silent: true);
            byte[] pssSignature = pssSigned.Encode();
            Time("gateway path: verify an RSA-2048 PSS signature, salt = hash length (DetachedCmsVerifier)", n, () =>
            {
                if (DetachedCmsVerifier.Verify(body, pssSignature, rsaIdentity, rsaPublicKey) != CmsVerdict.Valid)
                {
                    throw new InvalidOperationException("PSS signature refused");
                }
            });
            byte[] hash = System.Security.Cryptography.SHA256.HashData(body);
            byte[] raw = rsaKey.SignHash(hash, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pss);
            Time("EMSA-PSS for other salt lengths (RsaPss.Verify, BigInteger)", n, () =>
            {
                if (!RsaPss.Verify(rsaPublicKey, hash, raw, System.Security.Cryptography.HashAlgorithmName.SHA256, 32))
                {
                    throw new InvalidOperationException("PSS signature refused");
                }
            });
        }

        Time("client: sign with RSA-2048 (CmsSigner)", Math.Max(100, n / 10), () =>
        {
            var cms = new SignedCms(new ContentInfo(body), detached: true);
            cms.ComputeSignature(Signer(rsaCert), silent: true);
            cms.Encode();
        });
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    /// <summary>What the SDK writes: one signer by issuer and serial, its certificate, a signing time.</summary>
    private static CmsSigner Signer(X509Certificate2 cert)
    {
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, cert) { IncludeOption = X509IncludeOption.EndCertOnly };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(TimeProvider.System.GetUtcNow().UtcDateTime));
        return signer;
    }

    private static void Time(string name, int n, Action action)
    {
        action();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < n; i++)
        {
            action();
        }

        Console.WriteLine($"{name}: {watch.Elapsed.TotalMilliseconds * 1000 / n:N0} µs each");
    }
}
