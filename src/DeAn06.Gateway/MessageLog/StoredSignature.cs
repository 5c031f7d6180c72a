using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// How the log stores a CMS signature: the signer's certificate, the same in every message of a
/// client, is kept once in the <c>certificates</c> table and cut out of the stored bytes, which shrinks
/// a logged exchange from ~4 KB to ~1.5 KB. The cut is exact and reversible — stored = marker,
/// offset of the certificate, its SHA-256, then the DER with the certificate's bytes removed — so the
/// original base64 text, which the hash chain covers, is rebuilt byte for byte when the log is read.
/// Anything that is not base64 DER with a certificate stays as the original text.
/// </summary>
internal static class StoredSignature
{
    private const byte Marker = 0x01;
    private const int HeaderLength = 1 + 4 + SHA256.HashSizeInBytes;
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>The compact form and the certificate it refers to, or null to store <paramref name="base64"/> as text.</summary>
    public static (byte[] Stored, byte[] CertificateHash, ReadOnlyMemory<byte> Certificate)? Compact(string base64)
    {
        byte[] der;
        try
        {
            der = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }

        // Only the canonical base64 text can be rebuilt exactly (no whitespace or line breaks).
        if (Convert.ToBase64String(der) != base64 || FindCertificate(der) is not var (offset, length))
        {
            return null;
        }

        ReadOnlyMemory<byte> certificate = der.AsMemory(offset, length);
        byte[] hash = SHA256.HashData(certificate.Span);
        byte[] stored = new byte[HeaderLength + der.Length - length];
        stored[0] = Marker;
        BinaryPrimitives.WriteInt32BigEndian(stored.AsSpan(1), offset);
        hash.CopyTo(stored.AsSpan(5));
        der.AsSpan(0, offset).CopyTo(stored.AsSpan(HeaderLength));
        der.AsSpan(offset + length).CopyTo(stored.AsSpan(HeaderLength + offset));
        return (stored, hash, certificate);
    }

    /// <summary>The original base64 text from the compact form; null when the referenced certificate is missing or the form is damaged.</summary>
    public static string? Expand(byte[] stored, Func<byte[], byte[]?> certificateByHash)
    {
        if (stored.Length < HeaderLength || stored[0] != Marker)
        {
            return null;
        }

        int offset = BinaryPrimitives.ReadInt32BigEndian(stored.AsSpan(1));
        int rest = stored.Length - HeaderLength;
        if (offset < 0 || offset > rest || certificateByHash(stored[5..HeaderLength]) is not { } certificate)
        {
            return null;
        }

        byte[] der = new byte[rest + certificate.Length];
        stored.AsSpan(HeaderLength, offset).CopyTo(der);
        certificate.CopyTo(der.AsSpan(offset));
        stored.AsSpan(HeaderLength + offset).CopyTo(der.AsSpan(offset + certificate.Length));
        return Convert.ToBase64String(der);
    }

    /// <summary>Where the first certificate of a SignedData's certificate set lies in <paramref name="der"/>.</summary>
    private static (int Offset, int Length)? FindCertificate(byte[] der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.BER);
            AsnReader contentInfo = outer.ReadSequence();
            if (contentInfo.ReadObjectIdentifier() != "1.2.840.113549.1.7.2")
            {
                return null;
            }

            AsnReader signedData = contentInfo.ReadSequence(Context0).ReadSequence();
            signedData.ReadEncodedValue(); // version
            signedData.ReadEncodedValue(); // digestAlgorithms
            signedData.ReadEncodedValue(); // encapContentInfo
            if (!signedData.HasData || !signedData.PeekTag().HasSameClassAndValue(Context0))
            {
                return null;
            }

            AsnReader certificates = signedData.ReadSetOf(skipSortOrderValidation: true, Context0);
            ReadOnlyMemory<byte> first = certificates.ReadEncodedValue();
            // The reader hands out slices of der itself: their distance from its start is the offset.
            return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(first, out ArraySegment<byte> segment) && segment.Array == der
                ? (segment.Offset, segment.Count)
                : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
