using System.Formats.Asn1;
using System.Security.Cryptography;

namespace DeAn06.Cms;

/// <summary>The digest and signature algorithms the policy allows, and the signature check for each.</summary>
internal static class SignatureAlgorithms
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);
    private static readonly Asn1Tag Context2 = new(TagClass.ContextSpecific, 2, isConstructed: true);
    private static readonly Asn1Tag Context3 = new(TagClass.ContextSpecific, 3, isConstructed: true);

    /// <summary>SHA-256, SHA-384 or SHA-512 with absent or NULL parameters.</summary>
    public static bool TryReadDigest(ReadOnlyMemory<byte> algorithmIdentifier, out string oid, out HashAlgorithmName hash, out int size)
    {
        var outer = new AsnReader(algorithmIdentifier, AsnEncodingRules.DER);
        oid = ReadAlgorithm(outer.ReadSequence(), allowNull: true);
        outer.ThrowIfNotEmpty();
        (hash, size) = oid switch
        {
            CmsOids.Sha256 => (HashAlgorithmName.SHA256, 32),
            CmsOids.Sha384 => (HashAlgorithmName.SHA384, 48),
            CmsOids.Sha512 => (HashAlgorithmName.SHA512, 64),
            _ => (default, 0),
        };
        return size != 0;
    }

    /// <summary>Checks <paramref name="signature"/> over <paramref name="signedHash"/> (the signed attributes' digest).</summary>
    public static CmsVerdict Verify(string algorithm, ReadOnlyMemory<byte>? parameters, string digestOid, HashAlgorithmName hash, ReadOnlySpan<byte> signedHash, ReadOnlySpan<byte> signature, AsymmetricAlgorithm key)
    {
        switch (algorithm)
        {
            case CmsOids.RsaEncryption or CmsOids.Sha256WithRsa or CmsOids.Sha384WithRsa or CmsOids.Sha512WithRsa:
                if (!IsAbsentOrNull(parameters))
                {
                    return CmsVerdict.Malformed;
                }

                if (key is not RSA rsa || (algorithm != CmsOids.RsaEncryption && algorithm != RsaWith(digestOid)))
                {
                    return CmsVerdict.SignatureAlgorithmInconsistent;
                }

                return signature.Length == (rsa.KeySize + 7) / 8 && rsa.VerifyHash(signedHash, signature, hash, RSASignaturePadding.Pkcs1)
                    ? CmsVerdict.Valid
                    : CmsVerdict.SignatureMismatch;

            case CmsOids.RsaPss:
                if (key is not RSA pssKey)
                {
                    return CmsVerdict.SignatureAlgorithmInconsistent;
                }

                if (parameters is not { } pss || !TryReadPssSaltLength(pss, digestOid, out int saltLength))
                {
                    return CmsVerdict.PssParametersInvalid;
                }

                // .NET's PSS check is exactly EMSA-PSS with salt = hash length (and far faster than
                // BigInteger): used for that salt, the general check for any other.
                bool pssValid = saltLength == signedHash.Length
                    ? signature.Length == (pssKey.KeySize + 7) / 8 && pssKey.VerifyHash(signedHash, signature, hash, RSASignaturePadding.Pss)
                    : RsaPss.Verify(pssKey, signedHash, signature, hash, saltLength);
                return pssValid ? CmsVerdict.Valid : CmsVerdict.SignatureMismatch;

            case CmsOids.EcdsaWithSha256 or CmsOids.EcdsaWithSha384 or CmsOids.EcdsaWithSha512 or CmsOids.EcPublicKey:
                // RFC 5758 §3.2: ecdsa-with-SHA* have absent parameters; id-ecPublicKey as written by some signers may carry NULL.
                if (parameters is not null && (algorithm != CmsOids.EcPublicKey || !IsAbsentOrNull(parameters)))
                {
                    return CmsVerdict.Malformed;
                }

                if (key is not ECDsa ecdsa || (algorithm != CmsOids.EcPublicKey && algorithm != EcdsaWith(digestOid)))
                {
                    return CmsVerdict.SignatureAlgorithmInconsistent;
                }

                return ecdsa.VerifyHash(signedHash, signature, DSASignatureFormat.Rfc3279DerSequence) ? CmsVerdict.Valid : CmsVerdict.SignatureMismatch;

            default:
                return CmsVerdict.SignatureAlgorithmNotAllowed;
        }
    }

    private static string RsaWith(string digestOid) => digestOid switch
    {
        CmsOids.Sha256 => CmsOids.Sha256WithRsa,
        CmsOids.Sha384 => CmsOids.Sha384WithRsa,
        _ => CmsOids.Sha512WithRsa,
    };

    private static string EcdsaWith(string digestOid) => digestOid switch
    {
        CmsOids.Sha256 => CmsOids.EcdsaWithSha256,
        CmsOids.Sha384 => CmsOids.EcdsaWithSha384,
        _ => CmsOids.EcdsaWithSha512,
    };

    /// <summary>
    /// RSASSA-PSS-params (RFC 4055 §3.1): hash = the digest algorithm, MGF1 with that hash (both
    /// required: their defaults are SHA-1), salt length (default 20), trailer field 1 if present.
    /// </summary>
    private static bool TryReadPssSaltLength(ReadOnlyMemory<byte> parameters, string digestOid, out int saltLength)
    {
        saltLength = 20;
        var outer = new AsnReader(parameters, AsnEncodingRules.DER);
        AsnReader p = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (!p.HasData || !p.PeekTag().HasSameClassAndValue(Context0))
        {
            return false;
        }

        AsnReader hash = p.ReadSequence(Context0);
        string hashOid = ReadAlgorithm(hash.ReadSequence(), allowNull: true);
        hash.ThrowIfNotEmpty();
        if (hashOid != digestOid || !p.HasData || !p.PeekTag().HasSameClassAndValue(Context1))
        {
            return false;
        }

        AsnReader maskGeneration = p.ReadSequence(Context1);
        AsnReader mgf = maskGeneration.ReadSequence();
        maskGeneration.ThrowIfNotEmpty();
        if (mgf.ReadObjectIdentifier() != CmsOids.Mgf1)
        {
            return false;
        }

        string mgfHash = ReadAlgorithm(mgf.ReadSequence(), allowNull: true);
        mgf.ThrowIfNotEmpty();
        if (mgfHash != digestOid)
        {
            return false;
        }

        if (p.HasData && p.PeekTag().HasSameClassAndValue(Context2))
        {
            AsnReader salt = p.ReadSequence(Context2);
            // Bounded: no RSA key the gateway accepts has room for a salt of 2 KiB or more (the encoded
            // message is at most the modulus); larger values are malformed, not arithmetic to wrap.
            if (!salt.TryReadInt32(out saltLength) || saltLength is < 0 or > 2048)
            {
                return false;
            }

            salt.ThrowIfNotEmpty();
        }

        if (p.HasData && p.PeekTag().HasSameClassAndValue(Context3))
        {
            AsnReader trailer = p.ReadSequence(Context3);
            if (!trailer.TryReadInt32(out int trailerField) || trailerField != 1)
            {
                return false;
            }

            trailer.ThrowIfNotEmpty();
        }

        return !p.HasData;
    }

    /// <summary>An AlgorithmIdentifier's OID; its parameters must be absent (or NULL where <paramref name="allowNull"/>).</summary>
    private static string ReadAlgorithm(AsnReader algorithm, bool allowNull)
    {
        string oid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData && allowNull)
        {
            algorithm.ReadNull();
        }

        algorithm.ThrowIfNotEmpty();
        return oid;
    }

    private static bool IsAbsentOrNull(ReadOnlyMemory<byte>? parameters) =>
        parameters is not { } p || p.Span.SequenceEqual((ReadOnlySpan<byte>)[0x05, 0x00]);
}
