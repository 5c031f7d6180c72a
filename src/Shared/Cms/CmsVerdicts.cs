namespace DeAn06.Cms;

/// <summary>A sentence a signer can act on for each <see cref="CmsVerdict"/>.</summary>
internal static class CmsVerdicts
{
    private const string Shape = "Send a detached CMS SignedData (DER) with one signer, SHA-256/384/512, RSA PKCS #1 v1.5, RSA-PSS or ECDSA, and the content-type and message-digest signed attributes.";

    public static string Describe(this CmsVerdict verdict) => verdict switch
    {
        CmsVerdict.Valid => "The signature is valid.",
        CmsVerdict.Malformed => "The signature is not a DER-encoded CMS SignedData (BER, truncated or corrupt). " + Shape,
        CmsVerdict.TrailingBytes => "The signature has bytes after its DER encoding; send exactly the encoded SignedData.",
        CmsVerdict.NotSignedData => "The signature is a CMS ContentInfo, but not SignedData. " + Shape,
        CmsVerdict.VersionInconsistent => "The SignedData or SignerInfo version does not match the signer identifier (1 for issuer and serial number, 3 for subject key identifier).",
        CmsVerdict.DigestAlgorithmsInconsistent => "The SignedData digestAlgorithms set must hold exactly the signer's digest algorithm.",
        CmsVerdict.ContentNotData => "The signed content type must be id-data (1.2.840.113549.1.7.1).",
        CmsVerdict.ContentEmbedded => "The signature embeds content: sign detached (no eContent), over the exact body bytes only.",
        CmsVerdict.CertificatesNotRegistered => "The signature may include only the signer's own registered certificate (or none): leave out chains and other certificates.",
        CmsVerdict.RevocationDataIncluded => "The signature includes CRLs or other revocation data; leave them out.",
        CmsVerdict.NotOneSigner => "The signature must have exactly one signer.",
        CmsVerdict.SignerNotRegistered => "The body was signed with a certificate other than the one registered for this client.",
        CmsVerdict.DigestAlgorithmNotAllowed => "The digest algorithm must be SHA-256, SHA-384 or SHA-512 (SHA-1, MD5 and others are refused).",
        CmsVerdict.SignedAttributesMissing => "The signature has no signed attributes: include content-type and message-digest (every CMS library does when asked for signed attributes, e.g. a signing time).",
        CmsVerdict.AttributeRepeated => "A signed attribute type appears more than once.",
        CmsVerdict.ContentTypeAttributeInvalid => "The content-type signed attribute must be present once, with the single value id-data.",
        CmsVerdict.MessageDigestAttributeInvalid => "The message-digest signed attribute must be present once, with a single digest of the digest algorithm's size.",
        CmsVerdict.DigestMismatch => "The signature does not match the body (altered after signing, or signed over other bytes).",
        CmsVerdict.SignatureAlgorithmNotAllowed => "The signature algorithm must be RSA PKCS #1 v1.5, RSA-PSS or ECDSA.",
        CmsVerdict.SignatureAlgorithmInconsistent => "The signature algorithm does not agree with the digest algorithm or with the certificate's key type.",
        CmsVerdict.PssParametersInvalid => "The RSA-PSS parameters must name the digest algorithm as hash, MGF1 with the same hash, a salt length the key allows, and trailer field 1.",
        CmsVerdict.UnsignedAttributesPresent => "The signature has unsigned attributes; leave them out.",
        CmsVerdict.SignatureMismatch => "The signature value does not verify under the certificate's key (altered after signing, or signed with another key).",
        _ => "The signature was refused.",
    };
}
