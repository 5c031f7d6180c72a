using System.Formats.Asn1;
using System.Security.Cryptography;

namespace DeAn06.Cms;

/// <summary>
/// A SignerInfo's signed attributes ([0] IMPLICIT SET OF Attribute, DER): each type at most once,
/// content-type exactly one value id-data, message-digest exactly one OCTET STRING equal to the
/// body's digest; signing time and others (openssl adds S/MIME capabilities) allowed.
/// </summary>
internal static class SignedAttributes
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    public static CmsVerdict Check(ReadOnlyMemory<byte> encoded, ReadOnlySpan<byte> body, HashAlgorithmName hash, int hashSize)
    {
        var outer = new AsnReader(encoded, AsnEncodingRules.DER);
        AsnReader attributes = outer.ReadSetOf(Context0);
        outer.ThrowIfNotEmpty();
        List<string> seen = new(4);
        bool contentType = false;
        ReadOnlyMemory<byte> sentDigest = default;
        while (attributes.HasData)
        {
            AsnReader attribute = attributes.ReadSequence();
            string type = attribute.ReadObjectIdentifier();
            AsnReader values = attribute.ReadSetOf();
            attribute.ThrowIfNotEmpty();
            if (seen.Contains(type))
            {
                return CmsVerdict.AttributeRepeated;
            }

            seen.Add(type);
            if (!values.HasData)
            {
                return CmsVerdict.Malformed;
            }

            if (type == CmsOids.ContentType)
            {
                if (values.PeekTag() != Asn1Tag.ObjectIdentifier || values.ReadObjectIdentifier() != CmsOids.Data || values.HasData)
                {
                    return CmsVerdict.ContentTypeAttributeInvalid;
                }

                contentType = true;
            }
            else if (type == CmsOids.MessageDigest)
            {
                if (!values.TryReadPrimitiveOctetString(out sentDigest) || sentDigest.Length != hashSize || values.HasData)
                {
                    return CmsVerdict.MessageDigestAttributeInvalid;
                }
            }

            while (values.HasData)
            {
                values.ReadEncodedValue();
            }
        }

        if (!contentType)
        {
            return CmsVerdict.ContentTypeAttributeInvalid;
        }

        if (sentDigest.IsEmpty)
        {
            return CmsVerdict.MessageDigestAttributeInvalid;
        }

        Span<byte> digest = stackalloc byte[hashSize];
        CryptographicOperations.HashData(hash, body, digest);
        return CryptographicOperations.FixedTimeEquals(sentDigest.Span, digest) ? CmsVerdict.Valid : CmsVerdict.DigestMismatch;
    }
}
