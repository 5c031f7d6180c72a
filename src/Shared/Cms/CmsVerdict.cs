namespace DeAn06.Cms;

/// <summary>
/// What <see cref="DetachedCmsVerifier"/> decided: <see cref="Valid"/>, or the one reason it refused.
/// Every shape the verifier does not handle is a refusal, never "ask someone else".
/// </summary>
internal enum CmsVerdict
{
    Valid,
    Malformed,
    TrailingBytes,
    NotSignedData,
    VersionInconsistent,
    DigestAlgorithmsInconsistent,
    ContentNotData,
    ContentEmbedded,
    CertificatesNotRegistered,
    RevocationDataIncluded,
    NotOneSigner,
    SignerNotRegistered,
    DigestAlgorithmNotAllowed,
    SignedAttributesMissing,
    AttributeRepeated,
    ContentTypeAttributeInvalid,
    MessageDigestAttributeInvalid,
    DigestMismatch,
    SignatureAlgorithmNotAllowed,
    SignatureAlgorithmInconsistent,
    PssParametersInvalid,
    UnsignedAttributesPresent,
    SignatureMismatch,
}
