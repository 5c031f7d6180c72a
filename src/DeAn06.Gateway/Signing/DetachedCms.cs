using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// The one CMS shape the gateway handles per message, written and read directly with
/// <see cref="AsnWriter"/>/<see cref="AsnReader"/>: a detached SignedData with one signer identified
/// by issuer and serial number, SHA-256, ECDSA (or, for checking, RSA PKCS #1 v1.5), and the signed
/// attributes content type, signing time and message digest. <c>SignedCms</c> parses every certificate and builds its object model on every
/// call, which cost ~0.4 ms per message; this costs about what the ECDSA operation costs.
/// </summary>
/// <remarks>
/// <see cref="TryVerify"/> only ever says "valid" when it is certain; any other shape (BER, several
/// signers, other algorithms, subject-key-identifier signers) returns false and the caller falls back
/// to <c>SignedCms</c>, which then gives the verdict and the reason. Its output is plain CMS:
/// <c>openssl cms -verify</c> and <c>SignedCms.CheckSignature</c> accept it (tested).
/// </remarks>
internal static class DetachedCms
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string DataOid = "1.2.840.113549.1.7.1";
    private const string ContentTypeOid = "1.2.840.113549.1.9.3";
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string Sha256WithRsaOid = "1.2.840.113549.1.1.11";
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>A detached CMS signature (DER) over <paramref name="body"/>.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> body, ECDsa key, SignerIdentity signer, DateTimeOffset signingTime)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, digest);

        var attributes = new AsnWriter(AsnEncodingRules.DER);
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
        byte[] signedAttributes = attributes.Encode();
        byte[] signature = key.SignData(signedAttributes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        signedAttributes[0] = 0xA0;

        var w = new AsnWriter(AsnEncodingRules.DER);
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
                    w.WriteOctetString(signature);
                }
            }
        }

        return w.Encode();
    }

    /// <summary>
    /// True only if <paramref name="cms"/> is a well-formed detached signature of this shape over
    /// <paramref name="body"/>, by <paramref name="signer"/>'s certificate (included in the message),
    /// valid under <paramref name="key"/> (the certificate's public key, ECDsa or RSA). False means
    /// "not certain": check with <c>SignedCms</c>.
    /// </summary>
    public static bool TryVerify(ReadOnlySpan<byte> body, ReadOnlyMemory<byte> cms, SignerIdentity signer, AsymmetricAlgorithm key)
    {
        try
        {
            return Verify(body, cms, signer, key);
        }
        catch (AsnContentException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool Verify(ReadOnlySpan<byte> body, ReadOnlyMemory<byte> cms, SignerIdentity signer, AsymmetricAlgorithm key)
    {
        var outer = new AsnReader(cms, AsnEncodingRules.DER);
        AsnReader contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (contentInfo.ReadObjectIdentifier() != SignedDataOid)
        {
            return false;
        }

        AsnReader explicitContent = contentInfo.ReadSequence(Context0);
        contentInfo.ThrowIfNotEmpty();
        AsnReader signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        if (!signedData.TryReadInt32(out int signedDataVersion) || signedDataVersion != 1)
        {
            return false;
        }

        AsnReader digestAlgorithms = signedData.ReadSetOf();
        while (digestAlgorithms.HasData)
        {
            ReadAlgorithm(digestAlgorithms.ReadSequence());
        }

        AsnReader encapsulated = signedData.ReadSequence();
        if (encapsulated.ReadObjectIdentifier() != DataOid || encapsulated.HasData)
        {
            return false; // not plain data, or not detached
        }

        // Exactly the registered certificate; chains, CRLs and anything else go the general way.
        if (!signedData.PeekTag().HasSameClassAndValue(Context0))
        {
            return false;
        }

        AsnReader certificates = signedData.ReadSetOf(Context0);
        if (!certificates.ReadEncodedValue().Span.SequenceEqual(signer.Certificate.Span) || certificates.HasData)
        {
            return false;
        }

        AsnReader signerInfos = signedData.ReadSetOf();
        signedData.ThrowIfNotEmpty();
        AsnReader signerInfo = signerInfos.ReadSequence();
        if (signerInfos.HasData)
        {
            return false; // several signers
        }

        if (!signerInfo.TryReadInt32(out int version) || version != 1)
        {
            return false; // identified by subject key identifier
        }

        AsnReader sid = signerInfo.ReadSequence();
        if (!sid.ReadEncodedValue().Span.SequenceEqual(signer.Issuer.Span)
            || !sid.ReadIntegerBytes().Span.SequenceEqual(signer.SerialNumber.Span))
        {
            return false;
        }

        sid.ThrowIfNotEmpty();
        if (ReadAlgorithm(signerInfo.ReadSequence()) != Sha256Oid)
        {
            return false;
        }

        // With signed attributes the signature covers them (re-tagged as a SET, RFC 5652 §5.4) and
        // they carry the body's digest; without, it covers the body itself.
        Span<byte> signedHash = stackalloc byte[SHA256.HashSizeInBytes];
        if (signerInfo.PeekTag().HasSameClassAndValue(Context0))
        {
            ReadOnlyMemory<byte> signedAttributes = signerInfo.ReadEncodedValue();
            if (!DigestMatches(signedAttributes, body))
            {
                return false;
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData([0x31]);
            hash.AppendData(signedAttributes.Span[1..]);
            hash.GetHashAndReset(signedHash);
        }
        else
        {
            SHA256.HashData(body, signedHash);
        }

        string algorithm = ReadAlgorithm(signerInfo.ReadSequence());
        byte[] signature = signerInfo.ReadOctetString();
        if (signerInfo.HasData)
        {
            return false; // unsigned attributes
        }

        // RSA-PSS and anything else: the general path.
        return (algorithm, key) switch
        {
            (EcdsaWithSha256Oid or EcPublicKeyOid, ECDsa ecdsa) => ecdsa.VerifyHash(signedHash, signature, DSASignatureFormat.Rfc3279DerSequence),
            (RsaEncryptionOid or Sha256WithRsaOid, RSA rsa) => rsa.VerifyHash(signedHash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => false,
        };
    }

    /// <summary>Content type is data and the message digest is SHA-256 of the body, each exactly once.</summary>
    private static bool DigestMatches(ReadOnlyMemory<byte> signedAttributes, ReadOnlySpan<byte> body)
    {
        AsnReader attributes = new AsnReader(signedAttributes, AsnEncodingRules.DER).ReadSetOf(Context0);
        int contentTypes = 0;
        int digests = 0;
        bool matches = false;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, digest);
        while (attributes.HasData)
        {
            AsnReader attribute = attributes.ReadSequence();
            string oid = attribute.ReadObjectIdentifier();
            AsnReader values = attribute.ReadSetOf();
            if (oid == ContentTypeOid)
            {
                contentTypes++;
                if (values.ReadObjectIdentifier() != DataOid || values.HasData)
                {
                    return false;
                }
            }
            else if (oid == MessageDigestOid)
            {
                digests++;
                byte[] sent = values.ReadOctetString();
                matches = !values.HasData && CryptographicOperations.FixedTimeEquals(sent, digest);
            }

            while (values.HasData)
            {
                values.ReadEncodedValue();
            }
        }

        return contentTypes == 1 && digests == 1 && matches;
    }

    /// <summary>The algorithm's OID; its parameters, if any, must be NULL.</summary>
    private static string ReadAlgorithm(AsnReader algorithm)
    {
        string oid = algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            algorithm.ReadNull();
        }

        algorithm.ThrowIfNotEmpty();
        return oid;
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

/// <summary>What identifies a signer in a CMS message: its certificate's DER, issuer name and serial number.</summary>
internal sealed record SignerIdentity(ReadOnlyMemory<byte> Certificate, ReadOnlyMemory<byte> Issuer, ReadOnlyMemory<byte> SerialNumber)
{
    public static SignerIdentity Of(X509Certificate2 certificate) =>
        new(certificate.RawDataMemory, certificate.IssuerName.RawData, certificate.SerialNumberBytes);
}
