using System.Formats.Asn1;
using System.Security.Cryptography;
using DeAn06.Cms;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// The gateway's answer signatures, written directly with <see cref="AsnWriter"/>: a detached
/// SignedData with one signer identified by issuer and serial number, SHA-256, ECDSA, and the signed
/// attributes content type, signing time and message digest. <c>SignedCms</c> parses every
/// certificate and builds its object model on every call, which cost ~0.4 ms per message; this costs
/// about what the ECDSA operation costs.
/// </summary>
/// <remarks>
/// Its output is the shape <see cref="DetachedCmsVerifier"/> accepts, and plain CMS:
/// <c>openssl cms -verify</c> and <c>SignedCms.CheckSignature</c> accept it (tested).
/// </remarks>
internal static class DetachedCms
{
    private const string SignedDataOid = CmsOids.SignedData;
    private const string DataOid = CmsOids.Data;
    private const string ContentTypeOid = CmsOids.ContentType;
    private const string MessageDigestOid = CmsOids.MessageDigest;
    private const string SigningTimeOid = CmsOids.SigningTime;
    private const string Sha256Oid = CmsOids.Sha256;
    private const string EcdsaWithSha256Oid = CmsOids.EcdsaWithSha256;
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>A detached CMS signature (DER) over <paramref name="body"/>.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> body, ECDsa key, SignerIdentity signer, DateTimeOffset signingTime) =>
        Write(body, key, signer, signingTime).Encode();

    /// <summary>The same signature as base64 text (the header's form), without the DER array in between.</summary>
    public static string SignBase64(ReadOnlySpan<byte> body, ECDsa key, SignerIdentity signer, DateTimeOffset signingTime) =>
        Write(body, key, signer, signingTime).Encode(static der => Convert.ToBase64String(der));

    // Sized up front and signed into stack memory (the framework's SignData returns an array), and
    // writers that start small grow their buffer several times for a ~1 KB certificate. The gateway's
    // key (Signing/OpenSsl) writes OpenSSL's DER signature as it is; a framework key converts to DER itself.
    private static AsnWriter Write(ReadOnlySpan<byte> body, ECDsa key, SignerIdentity signer, DateTimeOffset signingTime)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, digest);

        var attributes = new AsnWriter(AsnEncodingRules.DER, initialCapacity: 128);
        using (attributes.PushSetOf())
        {
            using (PushAttribute(attributes, ContentTypeOid))
            {
                attributes.WriteObjectIdentifier(DataOid);
            }

            using (PushAttribute(attributes, SigningTimeOid))
            {
                attributes.WriteUtcTime(signingTime);
            }

            using (PushAttribute(attributes, MessageDigestOid))
            {
                attributes.WriteOctetString(digest);
            }
        }

        // The signature covers the attributes encoded as a SET; inside SignerInfo they carry [0].
        Span<byte> signedAttributes = stackalloc byte[attributes.GetEncodedLength()];
        attributes.Encode(signedAttributes);
        // As CMS carries it: SEQUENCE { INTEGER r, INTEGER s }.
        Span<byte> signature = stackalloc byte[key.GetMaxSignatureSize(DSASignatureFormat.Rfc3279DerSequence)];
        if (!key.TrySignData(signedAttributes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence, out int signatureLength))
        {
            throw new CryptographicException("The signature did not fit its maximum size.");
        }

        signedAttributes[0] = 0xA0;

        var w = new AsnWriter(AsnEncodingRules.DER, initialCapacity: signer.Certificate.Length + signer.Issuer.Length + signedAttributes.Length + signatureLength + 128);
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(SignedDataOid);
            using (w.PushSequence(Context0))
            using (w.PushSequence())
            {
                w.WriteInteger(1);
                using (w.PushSetOf())
                {
                    WriteAlgorithm(w, Sha256Oid);
                }

                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(DataOid);
                }

                using (w.PushSetOf(Context0))
                {
                    w.WriteEncodedValue(signer.Certificate.Span);
                }

                using (w.PushSetOf())
                using (w.PushSequence())
                {
                    w.WriteInteger(1);
                    using (w.PushSequence())
                    {
                        w.WriteEncodedValue(signer.Issuer.Span);
                        w.WriteInteger(signer.SerialNumber.Span);
                    }

                    WriteAlgorithm(w, Sha256Oid);
                    w.WriteEncodedValue(signedAttributes);
                    WriteAlgorithm(w, EcdsaWithSha256Oid);
                    w.WriteOctetString(signature[..signatureLength]);
                }
            }
        }

        return w;
    }

    private static void WriteAlgorithm(AsnWriter w, string oid)
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(oid);
        }
    }

    /// <summary>Opens Attribute ::= SEQUENCE { type, SET OF value }; disposing closes both.</summary>
    private static AttributeScope PushAttribute(AsnWriter w, string oid)
    {
        AsnWriter.Scope sequence = w.PushSequence();
        w.WriteObjectIdentifier(oid);
        return new AttributeScope(sequence, w.PushSetOf());
    }

    private readonly struct AttributeScope(AsnWriter.Scope sequence, AsnWriter.Scope values) : IDisposable
    {
        public void Dispose()
        {
            values.Dispose();
            sequence.Dispose();
        }
    }
}
