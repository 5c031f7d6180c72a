using System.Security.Cryptography.X509Certificates;

namespace DeAn06.Cms;

/// <summary>
/// What identifies a signer in a CMS message: its certificate's DER, issuer name and serial number,
/// and its subject key identifier (empty when the certificate has none).
/// </summary>
internal sealed record SignerIdentity(ReadOnlyMemory<byte> Certificate, ReadOnlyMemory<byte> Issuer, ReadOnlyMemory<byte> SerialNumber, ReadOnlyMemory<byte> SubjectKeyIdentifier)
{
    public static SignerIdentity Of(X509Certificate2 certificate) =>
        new(certificate.RawDataMemory, certificate.IssuerName.RawData, certificate.SerialNumberBytes,
            certificate.Extensions[CmsOids.SubjectKeyIdentifier] is X509SubjectKeyIdentifierExtension ski ? ski.SubjectKeyIdentifierBytes : ReadOnlyMemory<byte>.Empty);
}
