using System.Buffers;
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
    public static (byte[] Stored, byte[] CertificateHash, ReadOnlyMemory<byte> Certificate)? Compact(string base64) =>
        Compact(base64, new CertificateDigests()) is var (stored, certificate) ? (stored, certificate.Sha256, certificate.Der) : null;

    /// <summary>
    /// As <see cref="Compact(string)"/>, with the certificates' hashes kept in <paramref name="digests"/>
    /// (the writer's, so a client's certificate is hashed once, not in every message), and the DER
    /// decoded into a pooled buffer: the stored form is the only array made per signature.
    /// </summary>
    public static (byte[] Stored, CertificateDigest Certificate)? Compact(string base64, CertificateDigests digests)
    {
        byte[] der = ArrayPool<byte>.Shared.Rent(base64.Length / 4 * 3 + 3);
        char[] text = ArrayPool<char>.Shared.Rent(base64.Length + 4);
        try
        {
            // Only the canonical base64 text can be rebuilt exactly (no whitespace or line breaks).
            if (!Convert.TryFromBase64String(base64, der, out int length)
                || !Convert.TryToBase64Chars(der.AsSpan(0, length), text, out int written)
                || !text.AsSpan(0, written).SequenceEqual(base64)
                || FindCertificate(der, length) is not var (offset, certificateLength))
            {
                return null;
            }

            CertificateDigest certificate = digests.Of(der.AsSpan(offset, certificateLength));
            byte[] stored = new byte[HeaderLength + length - certificateLength];
            stored[0] = Marker;
            BinaryPrimitives.WriteInt32BigEndian(stored.AsSpan(1), offset);
            certificate.Sha256.CopyTo(stored.AsSpan(5));
            der.AsSpan(0, offset).CopyTo(stored.AsSpan(HeaderLength));
            der.AsSpan(offset + certificateLength, length - offset - certificateLength).CopyTo(stored.AsSpan(HeaderLength + offset));
            return (stored, certificate);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(text);
            ArrayPool<byte>.Shared.Return(der);
        }
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
    private static (int Offset, int Length)? FindCertificate(byte[] der, int length)
    {
        try
        {
            var outer = new AsnReader(der.AsMemory(0, length), AsnEncodingRules.BER);
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

/// <summary>A signer's certificate as the log stores it once: its DER and SHA-256 (the key in the <c>certificates</c> table).</summary>
internal sealed record CertificateDigest(byte[] Der, byte[] Sha256)
{
    /// <summary>The SHA-256 in hex, for sets of certificates already stored.</summary>
    public string Key { get; } = Convert.ToHexString(Sha256);
}

/// <summary>
/// The certificates seen so far by their bytes (a handful: one per client and the gateway's), so each is
/// hashed once. Found by its length and last bytes (its own signature), confirmed byte for byte.
/// </summary>
internal sealed class CertificateDigests
{
    private const int Limit = 1024; // certificates nobody registered can appear in refused messages: never grow without bound
    private readonly Dictionary<(int Length, ulong Tail), CertificateDigest> _seen = [];

    public CertificateDigest Of(ReadOnlySpan<byte> certificate)
    {
        var key = (certificate.Length, certificate.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(certificate[^8..]) : 0UL);
        if (_seen.TryGetValue(key, out CertificateDigest? known) && known.Der.AsSpan().SequenceEqual(certificate))
        {
            return known;
        }

        if (_seen.Count >= Limit)
        {
            _seen.Clear();
        }

        var digest = new CertificateDigest(certificate.ToArray(), SHA256.HashData(certificate));
        _seen[key] = digest;
        return digest;
    }
}
