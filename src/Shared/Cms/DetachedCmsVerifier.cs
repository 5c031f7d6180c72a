using System.Buffers;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace DeAn06.Cms;

/// <summary>
/// The platform's one signature policy, for request signatures (gateway) and answer signatures (SDK):
/// a DER ContentInfo(SignedData) and nothing after it; detached data content (no eContent); one
/// signer, the expected certificate, identified by issuer and serial number (version 1) or subject key
/// identifier (version 3); no certificates but that one, no CRLs; SHA-256/384/512; signed attributes
/// with content-type = data and message-digest = the body's digest, each once; RSA PKCS #1 v1.5,
/// RSA-PSS or ECDSA agreeing with the digest and the key; no unsigned attributes.
/// </summary>
/// <remarks>
/// Read directly with <see cref="AsnReader"/> in DER mode rather than with <c>SignedCms</c>: it is on
/// the hot path (<c>SignedCms</c> builds its object model and parses every certificate, ~0.4 ms a
/// message), and <c>SignedCms</c> accepts shapes this policy refuses (embedded content hashed before
/// the detached body, SHA-1, MD5, trailing bytes). Every shape not handled here is refused with its
/// reason; nothing is handed to a looser check.
/// </remarks>
internal static class DetachedCmsVerifier
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);
    private static readonly Asn1Tag SubjectKeyIdentifierTag = new(TagClass.ContextSpecific, 0);

    /// <summary>Checks <paramref name="cms"/> as a detached signature over <paramref name="body"/> by <paramref name="signer"/>, whose public key is <paramref name="key"/> (RSA or ECDsa).</summary>
    public static CmsVerdict Verify(ReadOnlySpan<byte> body, ReadOnlyMemory<byte> cms, SignerIdentity signer, AsymmetricAlgorithm key)
    {
        try
        {
            return VerifyCore(body, cms, signer, key);
        }
        catch (AsnContentException)
        {
            return CmsVerdict.Malformed;
        }
        catch (CryptographicException)
        {
            return CmsVerdict.Malformed;
        }
    }

    /// <summary>The one certificate <paramref name="cms"/> carries (the signer's, when valid), or false when it carries none or several, or is not SignedData.</summary>
    public static bool TryReadOnlyCertificate(ReadOnlyMemory<byte> cms, out ReadOnlyMemory<byte> certificate)
    {
        certificate = default;
        try
        {
            if (Open(cms, out AsnReader signedData) != CmsVerdict.Valid)
            {
                return false;
            }

            signedData.ReadEncodedValue(); // version
            signedData.ReadEncodedValue(); // digestAlgorithms
            signedData.ReadEncodedValue(); // encapContentInfo
            if (!signedData.HasData || !signedData.PeekTag().HasSameClassAndValue(Context0))
            {
                return false;
            }

            AsnReader certificates = signedData.ReadSetOf(skipSortOrderValidation: true, expectedTag: Context0);
            certificate = certificates.ReadEncodedValue();
            return !certificates.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static CmsVerdict Open(ReadOnlyMemory<byte> cms, out AsnReader signedData)
    {
        signedData = null!;
        var outer = new AsnReader(cms, AsnEncodingRules.DER);
        AsnReader contentInfo = outer.ReadSequence();
        if (outer.HasData)
        {
            return CmsVerdict.TrailingBytes;
        }

        if (contentInfo.ReadObjectIdentifier() != CmsOids.SignedData)
        {
            return CmsVerdict.NotSignedData;
        }

        AsnReader explicitContent = contentInfo.ReadSequence(Context0);
        contentInfo.ThrowIfNotEmpty();
        signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();
        return CmsVerdict.Valid;
    }

    private static CmsVerdict VerifyCore(ReadOnlySpan<byte> body, ReadOnlyMemory<byte> cms, SignerIdentity signer, AsymmetricAlgorithm key)
    {
        CmsVerdict opened = Open(cms, out AsnReader signedData);
        if (opened != CmsVerdict.Valid)
        {
            return opened;
        }

        if (!signedData.TryReadInt32(out int version))
        {
            return CmsVerdict.VersionInconsistent;
        }

        // One signer, so one digest algorithm; sort order is moot for one element, and skipping its
        // check lets a set of several be refused for what it is.
        AsnReader digestAlgorithms = signedData.ReadSetOf(skipSortOrderValidation: true);
        ReadOnlyMemory<byte> listedDigest = digestAlgorithms.HasData ? digestAlgorithms.ReadEncodedValue() : default;
        if (listedDigest.IsEmpty || digestAlgorithms.HasData)
        {
            return CmsVerdict.DigestAlgorithmsInconsistent;
        }

        AsnReader encapsulated = signedData.ReadSequence();
        if (encapsulated.ReadObjectIdentifier() != CmsOids.Data)
        {
            return CmsVerdict.ContentNotData;
        }

        if (encapsulated.HasData)
        {
            return CmsVerdict.ContentEmbedded;
        }

        if (signedData.PeekTag().HasSameClassAndValue(Context0))
        {
            AsnReader certificates = signedData.ReadSetOf(skipSortOrderValidation: true, expectedTag: Context0);
            ReadOnlyMemory<byte> included = certificates.HasData ? certificates.ReadEncodedValue() : default;
            if (included.IsEmpty || certificates.HasData)
            {
                return CmsVerdict.CertificatesNotRegistered;
            }

            if (!included.Span.SequenceEqual(signer.Certificate.Span))
            {
                return CmsVerdict.SignerNotRegistered; // one certificate, not the registered one: signed by another
            }
        }

        if (signedData.PeekTag().HasSameClassAndValue(Context1))
        {
            return CmsVerdict.RevocationDataIncluded;
        }

        AsnReader signerInfos = signedData.ReadSetOf(skipSortOrderValidation: true);
        signedData.ThrowIfNotEmpty();
        if (!signerInfos.HasData)
        {
            return CmsVerdict.NotOneSigner;
        }

        AsnReader signerInfo = signerInfos.ReadSequence();
        if (signerInfos.HasData)
        {
            return CmsVerdict.NotOneSigner;
        }

        CmsVerdict identified = ReadSigner(signerInfo, version, signer);
        if (identified != CmsVerdict.Valid)
        {
            return identified;
        }

        ReadOnlyMemory<byte> digestAlgorithm = signerInfo.ReadEncodedValue();
        if (!SignatureAlgorithms.TryReadDigest(digestAlgorithm, out string digestOid, out HashAlgorithmName hash, out int hashSize))
        {
            return CmsVerdict.DigestAlgorithmNotAllowed;
        }

        if (!listedDigest.Span.SequenceEqual(digestAlgorithm.Span))
        {
            return CmsVerdict.DigestAlgorithmsInconsistent;
        }

        if (!signerInfo.HasData || !signerInfo.PeekTag().HasSameClassAndValue(Context0))
        {
            return CmsVerdict.SignedAttributesMissing;
        }

        ReadOnlyMemory<byte> signedAttributes = signerInfo.ReadEncodedValue();
        CmsVerdict attributes = SignedAttributes.Check(signedAttributes, body, hash, hashSize);
        if (attributes != CmsVerdict.Valid)
        {
            return attributes;
        }

        AsnReader signatureAlgorithm = signerInfo.ReadSequence();
        string algorithm = signatureAlgorithm.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? parameters = signatureAlgorithm.HasData ? signatureAlgorithm.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
        signatureAlgorithm.ThrowIfNotEmpty();
        if (!signerInfo.TryReadPrimitiveOctetString(out ReadOnlyMemory<byte> signature))
        {
            return CmsVerdict.Malformed;
        }

        if (signerInfo.HasData)
        {
            return CmsVerdict.UnsignedAttributesPresent;
        }

        // The signature covers the signed attributes re-tagged as a SET (RFC 5652 §5.4).
        Span<byte> signedHash = stackalloc byte[hashSize];
        HashAsSet(signedAttributes.Span, hash, signedHash);
        return SignatureAlgorithms.Verify(algorithm, parameters, digestOid, hash, signedHash, signature.Span, key);
    }

    /// <summary>The signer identifier names <paramref name="signer"/>, with versions that match its form.</summary>
    private static CmsVerdict ReadSigner(AsnReader signerInfo, int signedDataVersion, SignerIdentity signer)
    {
        if (!signerInfo.TryReadInt32(out int version))
        {
            return CmsVerdict.VersionInconsistent;
        }

        Asn1Tag tag = signerInfo.PeekTag();
        if (tag == Asn1Tag.Sequence)
        {
            if (version != 1 || signedDataVersion != 1)
            {
                return CmsVerdict.VersionInconsistent;
            }

            AsnReader sid = signerInfo.ReadSequence();
            bool issuer = sid.ReadEncodedValue().Span.SequenceEqual(signer.Issuer.Span);
            bool serial = sid.ReadIntegerBytes().Span.SequenceEqual(signer.SerialNumber.Span);
            sid.ThrowIfNotEmpty();
            return issuer && serial ? CmsVerdict.Valid : CmsVerdict.SignerNotRegistered;
        }

        if (tag == SubjectKeyIdentifierTag)
        {
            if (version != 3 || signedDataVersion != 3)
            {
                return CmsVerdict.VersionInconsistent;
            }

            bool primitive = signerInfo.TryReadPrimitiveOctetString(out ReadOnlyMemory<byte> keyIdentifier, SubjectKeyIdentifierTag);
            return primitive && !signer.SubjectKeyIdentifier.IsEmpty && keyIdentifier.Span.SequenceEqual(signer.SubjectKeyIdentifier.Span)
                ? CmsVerdict.Valid
                : CmsVerdict.SignerNotRegistered;
        }

        return CmsVerdict.Malformed;
    }

    private static void HashAsSet(ReadOnlySpan<byte> signedAttributes, HashAlgorithmName hash, Span<byte> destination)
    {
        byte[]? rented = null;
        Span<byte> copy = signedAttributes.Length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(signedAttributes.Length));
        copy = copy[..signedAttributes.Length];
        signedAttributes.CopyTo(copy);
        copy[0] = 0x31;
        CryptographicOperations.HashData(hash, copy, destination);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
