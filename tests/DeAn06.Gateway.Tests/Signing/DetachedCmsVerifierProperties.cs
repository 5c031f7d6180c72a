using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Cms;
using DeAn06.Gateway.Signing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeAn06.Gateway.Tests.Signing;

/// <summary>
/// Beside <see cref="DetachedCmsVerifierFuzzTests"/> (every single-byte change, every truncation):
/// random combinations of byte flips anywhere in a valid signature, or in the signed body, are never
/// accepted by the shared verifier, for P-256 and RSA-2048 signers, and never throw.
/// </summary>
public sealed class DetachedCmsVerifierProperties : IClassFixture<DetachedCmsVerifierProperties.Signers>
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("MaHoSo,SoDinhDanh,HoVaTen\nGD-001,001085866844,Nguyễn Văn Hùng\n");

    private readonly Signers _signers;

    public DetachedCmsVerifierProperties(Signers signers) => _signers = signers;

    /// <summary>1 to 8 flips: a position (wrapped to the length) and a non-zero XOR mask; in the signature or the body.</summary>
    private static Gen<(bool Rsa, bool InBody, (int At, byte Mask)[] Flips)> Mutation =>
        from rsa in Gen.Elements(true, false)
        from inBody in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
        from count in Gen.Choose(1, 8)
        from flips in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 1 << 16), Gen.Choose(1, 255).Select(m => (byte)m)), count)
        select (rsa, inBody, flips);

    [Property(MaxTest = 500)]
    public Property Verify_RandomByteFlips_NeverAccepted() =>
        Prop.ForAll(Mutation.ToArbitrary(), m =>
        {
            Signer s = m.Rsa ? _signers.Rsa : _signers.P256;
            byte[] body = (byte[])Body.Clone();
            byte[] signature = (byte[])s.Signature.Clone();
            byte[] target = m.InBody ? body : signature;
            foreach (var (at, mask) in m.Flips)
            {
                target[at % target.Length] ^= mask;
            }

            bool changed = !body.AsSpan().SequenceEqual(Body) || !signature.AsSpan().SequenceEqual(s.Signature);
            CmsVerdict verdict = DetachedCmsVerifier.Verify(body, signature, s.Identity, s.Key);
            return (!changed || verdict != CmsVerdict.Valid).Label($"{(m.Rsa ? "RSA" : "P-256")} {(m.InBody ? "body" : "signature")} flips {string.Join(", ", m.Flips.Select(f => $"{f.At % target.Length}^0x{f.Mask:X2}"))}: {verdict}");
        });

    [Fact]
    public void Verify_Unchanged_Valid()
    {
        Assert.Equal(CmsVerdict.Valid, DetachedCmsVerifier.Verify(Body, _signers.P256.Signature, _signers.P256.Identity, _signers.P256.Key));
        Assert.Equal(CmsVerdict.Valid, DetachedCmsVerifier.Verify(Body, _signers.Rsa.Signature, _signers.Rsa.Identity, _signers.Rsa.Key));
    }

    internal sealed record Signer(byte[] Signature, SignerIdentity Identity, AsymmetricAlgorithm Key);

    /// <summary>One P-256 and one RSA-2048 client, each with a SignedCms signature over <see cref="Body"/>; made once for the class.</summary>
    public sealed class Signers : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "dean06-tests", "cms-props-" + Guid.NewGuid().ToString("N")[..8]);
        private readonly List<IDisposable> _owned = [];

        public Signers()
        {
            P256 = Make("p256", ClientKeyKind.EcdsaP256);
            Rsa = Make("rsa", ClientKeyKind.Rsa2048);
        }

        internal Signer P256 { get; }

        internal Signer Rsa { get; }

        public void Dispose()
        {
            _owned.ForEach(d => d.Dispose());
            Directory.Delete(_dir, recursive: true);
        }

        private Signer Make(string name, ClientKeyKind kind)
        {
            string folder = Path.Combine(_dir, name);
            DevCertificates.Create(folder, ["BHXH"], TimeProvider.System.GetUtcNow(), kind);
            var cert = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "BHXH.pem"), Path.Combine(folder, "BHXH.key.pem"));
            AsymmetricAlgorithm key = (AsymmetricAlgorithm?)cert.GetECDsaPublicKey() ?? cert.GetRSAPublicKey()!;
            _owned.AddRange([cert, key]);
            var cms = new SignedCms(new ContentInfo(Body), detached: true);
            var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, cert) { IncludeOption = X509IncludeOption.EndCertOnly };
            signer.SignedAttributes.Add(new Pkcs9SigningTime(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)));
            cms.ComputeSignature(signer, silent: true);
            return new Signer(cms.Encode(), SignerIdentity.Of(cert), key);
        }
    }
}
