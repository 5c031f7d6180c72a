using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using DeAn06.TimeStamping.Journal;
using Microsoft.Extensions.Options;

namespace DeAn06.TimeStamping.Issuing;

/// <summary>
/// Answers RFC 3161 requests: TSTInfo from .NET's <see cref="Rfc3161TimestampTokenInfo"/>, signed as CMS
/// with <see cref="SignedCms"/> (.NET has the client side of RFC 3161 but no TSA side, hence this class),
/// with the ESS signingCertificateV2 attribute that RFC 5816 and <c>openssl ts -verify</c> require.
/// </summary>
internal sealed class TimeStampAuthority : IDisposable
{
    private const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";
    private const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    private static readonly string[] Sha2 = ["2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3"];

    private readonly X509Certificate2 _certificate;
    private readonly Oid _policy;
    private readonly TokenJournal _journal;
    private readonly TimeProvider _time;

    public TimeStampAuthority(IOptions<TimeStampingOptions> options, TokenJournal journal, TimeProvider time)
    {
        TimeStampingOptions o = options.Value;
        using var pem = X509Certificate2.CreateFromPemFile(o.CertificatePath, o.KeyPath);
        // Re-imported so the key is usable for signing on every platform (PEM keys are ephemeral).
        _certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        if (!_certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.Critical && e.EnhancedKeyUsages.Count == 1 && e.EnhancedKeyUsages[0].Value == "1.3.6.1.5.5.7.3.8"))
        {
            throw new InvalidOperationException($"TimeStamping:CertificatePath '{o.CertificatePath}' must carry id-kp-timeStamping as its only, critical, extended key usage (RFC 3161 §2.3).");
        }

        _policy = new Oid(o.Policy);
        _journal = journal;
        _time = time;
    }

    /// <summary>The DER TimeStampResp for a DER TimeStampReq: granted with a token (journalled first), or rejected with the reason.</summary>
    public byte[] Answer(ReadOnlyMemory<byte> der, string requester)
    {
        if (!Rfc3161TimestampRequest.TryDecode(der, out Rfc3161TimestampRequest? request, out int read) || read != der.Length)
        {
            return Rejection(FailureInfo.BadDataFormat, "not a DER TimeStampReq");
        }

        if (!Sha2.Contains(request.HashAlgorithmId.Value))
        {
            return Rejection(FailureInfo.BadAlg, "only SHA-256, SHA-384 and SHA-512 imprints are stamped");
        }

        if (request.RequestedPolicyId is { } asked && asked.Value != _policy.Value)
        {
            return Rejection(FailureInfo.UnacceptedPolicy, $"this TSA stamps under policy {_policy.Value} only");
        }

        if (request.GetExtensions().Count > 0)
        {
            return Rejection(FailureInfo.UnacceptedExtension, "no request extensions are supported");
        }

        lock (_journal.Gate)
        {
            byte[] serial = _journal.NextSerial();
            DateTimeOffset now = _time.GetUtcNow();
            var info = new Rfc3161TimestampTokenInfo(_policy, request.HashAlgorithmId, request.GetMessageHash(), serial, now,
                accuracyInMicroseconds: 1_000, isOrdering: false, nonce: request.GetNonce());
            var cms = new SignedCms(new ContentInfo(new Oid(TstInfoContentType), info.Encode()), detached: false);
            var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _certificate)
            {
                DigestAlgorithm = new Oid(Sha2[0]),
                IncludeOption = request.RequestSignerCertificate ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
            };
            signer.SignedAttributes.Add(new AsnEncodedData(SigningCertificateV2, EssCertificateV2(_certificate)));
            cms.ComputeSignature(signer, silent: true);
            byte[] token = cms.Encode();
            _journal.Append(new JournalEntry(Convert.ToHexStringLower(serial), now, requester, request.HashAlgorithmId.Value!,
                Convert.ToHexStringLower(request.GetMessageHash().Span), request.GetNonce() is { } nonce ? Convert.ToHexStringLower(nonce.Span) : "", Convert.ToBase64String(token)));
            return Granted(token);
        }
    }

    public void Dispose() => _certificate.Dispose();

    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with the default
    // hash (SHA-256) is just SEQUENCE { certHash OCTET STRING } (RFC 5035).
    private static byte[] EssCertificateV2(X509Certificate2 certificate)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        using (w.PushSequence())
        using (w.PushSequence())
        {
            w.WriteOctetString(SHA256.HashData(certificate.RawData));
        }

        return w.Encode();
    }

    // TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }
    private static byte[] Granted(byte[] token)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteInteger(0); // granted
            }

            w.WriteEncodedValue(token);
        }

        return w.Encode();
    }

    private static byte[] Rejection(FailureInfo failure, string reason)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        using (w.PushSequence())
        {
            w.WriteInteger(2); // rejection
            using (w.PushSequence())
            {
                w.WriteCharacterString(UniversalTagNumber.UTF8String, reason);
            }

            w.WriteNamedBitList(failure);
        }

        return w.Encode();
    }

    /// <summary>PKIFailureInfo bits (RFC 3161 §2.4.2).</summary>
    [Flags]
    private enum FailureInfo
    {
        BadAlg = 1 << 0,
        BadRequest = 1 << 2,
        BadDataFormat = 1 << 5,
        TimeNotAvailable = 1 << 14,
        UnacceptedPolicy = 1 << 15,
        UnacceptedExtension = 1 << 16,
        AddInfoNotAvailable = 1 << 17,
        SystemFailure = 1 << 25,
    }
}
