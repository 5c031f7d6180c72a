namespace DeAn06.Cms;

/// <summary>The object identifiers of the one CMS shape the platform signs and accepts.</summary>
internal static class CmsOids
{
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string Data = "1.2.840.113549.1.7.1";
    public const string ContentType = "1.2.840.113549.1.9.3";
    public const string MessageDigest = "1.2.840.113549.1.9.4";
    public const string SigningTime = "1.2.840.113549.1.9.5";

    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string Mgf1 = "1.2.840.113549.1.1.8";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";

    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string ExtendedKeyUsage = "2.5.29.37";

    /// <summary>
    /// Extended key usage carried only by the gateway's response-signing certificate (never by a
    /// client's): the SDK accepts an answer only from a certificate with it. A UUID-derived OID
    /// (ITU-T X.667, arc 2.25), unique without a registered private enterprise number.
    /// </summary>
    public const string GatewayResponseSigning = "2.25.23762368490516575303977802543183281898";

    /// <summary>Extended key usage of the message log's seal certificate (critical, alone); a UUID-derived OID like the one above.</summary>
    public const string LogSealing = "2.25.86161088897889696988877502600558408112";

    /// <summary>RFC 3161's id-kp-timeStamping: the only extended key usage a TSA certificate may carry.</summary>
    public const string TimeStamping = "1.3.6.1.5.5.7.3.8";
}
