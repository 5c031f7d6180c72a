using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeAn06.Gateway.Tests.Support;

/// <summary>
/// Writes detached CMS SignedData of shapes no library produces on request (a missing content-type,
/// a foreign digest algorithm list, unsigned attributes, embedded content), signed for real so that
/// only the shape can be the reason for a refusal.
/// </summary>
internal sealed record CmsBuilder
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);

    public HashAlgorithmName Hash { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>The digest algorithm written; by default the one of <see cref="Hash"/>.</summary>
    public string? DigestOid { get; init; }

    /// <summary>The SignedData digestAlgorithms set; by default the signer's digest algorithm.</summary>
    public string[]? ListedDigestOids { get; init; }

    public bool ContentType { get; init; } = true;

    public string ContentTypeValue { get; init; } = "1.2.840.113549.1.7.1";

    public bool MessageDigest { get; init; } = true;

    /// <summary>RSA keys: PSS (salt = hash length) instead of PKCS #1 v1.5.</summary>
    public bool Pss { get; init; }

    /// <summary>The PSS salt length declared in the parameters; the default is the hash length (what is signed with).</summary>
    public int? DeclaredSaltLength { get; init; }

    public byte[]? EmbeddedContent { get; init; }

    public bool UnsignedAttribute { get; init; }

    public bool IncludeCertificate { get; init; } = true;

    /// <summary>A detached signature over <paramref name="body"/> by <paramref name="signer"/> (with its private key).</summary>
    public byte[] Sign(byte[] body, X509Certificate2 signer)
    {
        string digestOid = DigestOid ?? OidOf(Hash);
        var attributes = new AsnWriter(AsnEncodingRules.DER);
        using (attributes.PushSetOf())
        {
            if (ContentType)
            {
                Attribute(attributes, "1.2.840.113549.1.9.3", w => w.WriteObjectIdentifier(ContentTypeValue));
            }

            Attribute(attributes, "1.2.840.113549.1.9.5", w => w.WriteUtcTime(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero)));
            if (MessageDigest)
            {
                Attribute(attributes, "1.2.840.113549.1.9.4", w => w.WriteOctetString(CryptographicOperations.HashData(Hash, body)));
            }
        }

        byte[] signedAttributes = attributes.Encode();
        (string algorithm, byte[] signature, byte[]? parameters) = SignWith(signer, signedAttributes, digestOid);
        signedAttributes[0] = 0xA0;

        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier("1.2.840.113549.1.7.2");
            using (w.PushSequence(Context0))
            using (w.PushSequence())
            {
                w.WriteInteger(1);
                using (w.PushSetOf())
                {
                    foreach (string oid in ListedDigestOids ?? [digestOid])
                    {
                        Algorithm(w, oid);
                    }
                }

                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier("1.2.840.113549.1.7.1");
                    if (EmbeddedContent is not null)
                    {
                        using (w.PushSequence(Context0))
                        {
                            w.WriteOctetString(EmbeddedContent);
                        }
                    }
                }

                if (IncludeCertificate)
                {
                    using (w.PushSetOf(Context0))
                    {
                        w.WriteEncodedValue(signer.RawData);
                    }
                }

                using (w.PushSetOf())
                using (w.PushSequence())
                {
                    w.WriteInteger(1);
                    using (w.PushSequence())
                    {
                        w.WriteEncodedValue(signer.IssuerName.RawData);
                        w.WriteInteger(signer.SerialNumberBytes.Span);
                    }

                    Algorithm(w, digestOid);
                    w.WriteEncodedValue(signedAttributes);
                    using (w.PushSequence())
                    {
                        w.WriteObjectIdentifier(algorithm);
                        if (parameters is not null)
                        {
                            w.WriteEncodedValue(parameters);
                        }
                    }

                    w.WriteOctetString(signature);
                    if (UnsignedAttribute)
                    {
                        using (w.PushSetOf(Context1))
                        {
                            Attribute(w, "1.2.840.113549.1.9.5", v => v.WriteUtcTime(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)));
                        }
                    }
                }
            }
        }

        return w.Encode();
    }

    private (string Algorithm, byte[] Signature, byte[]? Parameters) SignWith(X509Certificate2 signer, byte[] signedAttributes, string digestOid)
    {
        if (signer.GetECDsaPrivateKey() is { } ecdsa)
        {
            using (ecdsa)
            {
                // ecdsa-with-SHA1 for SHA-1, id-ecPublicKey (any digest) for MD5: what a signer would write.
                string algorithm = Hash == HashAlgorithmName.SHA384 ? "1.2.840.10045.4.3.3"
                    : Hash == HashAlgorithmName.SHA512 ? "1.2.840.10045.4.3.4"
                    : Hash == HashAlgorithmName.SHA1 ? "1.2.840.10045.4.1"
                    : Hash == HashAlgorithmName.MD5 ? "1.2.840.10045.2.1"
                    : "1.2.840.10045.4.3.2";
                return (algorithm, ecdsa.SignData(signedAttributes, Hash, DSASignatureFormat.Rfc3279DerSequence), null);
            }
        }

        using RSA rsa = signer.GetRSAPrivateKey()!;
        if (!Pss)
        {
            return ("1.2.840.113549.1.1.1", rsa.SignData(signedAttributes, Hash, RSASignaturePadding.Pkcs1), [0x05, 0x00]);
        }

        var p = new AsnWriter(AsnEncodingRules.DER);
        using (p.PushSequence())
        {
            using (p.PushSequence(Context0))
            {
                Algorithm(p, digestOid);
            }

            using (p.PushSequence(Context1))
            using (p.PushSequence())
            {
                p.WriteObjectIdentifier("1.2.840.113549.1.1.8");
                Algorithm(p, digestOid);
            }

            using (p.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
            {
                p.WriteInteger(DeclaredSaltLength ?? CryptographicOperations.HashData(Hash, []).Length);
            }
        }

        return ("1.2.840.113549.1.1.10", rsa.SignData(signedAttributes, Hash, RSASignaturePadding.Pss), p.Encode());
    }

    private static string OidOf(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA384 ? "2.16.840.1.101.3.4.2.2"
        : hash == HashAlgorithmName.SHA512 ? "2.16.840.1.101.3.4.2.3"
        : hash == HashAlgorithmName.SHA1 ? "1.3.14.3.2.26"
        : hash == HashAlgorithmName.MD5 ? "1.2.840.113549.2.5"
        : "2.16.840.1.101.3.4.2.1";

    private static void Algorithm(AsnWriter w, string oid)
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(oid);
        }
    }

    private static void Attribute(AsnWriter w, string oid, Action<AsnWriter> value)
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(oid);
            using (w.PushSetOf())
            {
                value(w);
            }
        }
    }
}
