using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// What the verifier trusts, all from outside the log's database: the CA that issues seal and TSA
/// certificates, extra seal keys (a trusted-keys file: PEM public keys or certificates, e.g. for logs
/// sealed before seal certificates), and the TSA's journal of the tokens it issued to
/// <see cref="Requester"/>. Nothing in the log itself is ever a reason to trust a key.
/// </summary>
internal sealed record LogTrust
{
    /// <summary>Trust roots for seal certificates (sealing EKU) and TSA certificates (id-kp-timeStamping).</summary>
    public X509Certificate2Collection CaCertificates { get; init; } = [];

    /// <summary>Seal keys trusted directly (SubjectPublicKeyInfo DER).</summary>
    public IReadOnlyList<byte[]> TrustedSealKeys { get; init; } = [];

    /// <summary>The TSA's journal; null when not checked (then a cut tail cannot be told).</summary>
    public IReadOnlyList<TsaJournalEntry>? Journal { get; init; }

    /// <summary>The gateway's name in the journal (MessageLog:TimeStampRequester). The default value is "gateway".</summary>
    public string Requester { get; init; } = "gateway";

    /// <summary>Reads a CA file (PEM, one or more certificates); null gives none.</summary>
    public static X509Certificate2Collection LoadCertificates(string? path)
    {
        var collection = new X509Certificate2Collection();
        if (path is not null)
        {
            collection.ImportFromPemFile(path);
        }

        return collection;
    }

    /// <summary>Reads a trusted-keys file: every PUBLIC KEY and CERTIFICATE block in it.</summary>
    public static IReadOnlyList<byte[]> LoadTrustedKeys(string? path)
    {
        if (path is null)
        {
            return [];
        }

        var keys = new List<byte[]>();
        ReadOnlySpan<char> text = File.ReadAllText(path);
        while (PemEncoding.TryFind(text, out PemFields pem))
        {
            ReadOnlySpan<char> label = text[pem.Label];
            byte[] der = Convert.FromBase64String(text[pem.Base64Data].ToString());
            if (label.SequenceEqual("PUBLIC KEY"))
            {
                keys.Add(der);
            }
            else if (label.SequenceEqual("CERTIFICATE"))
            {
                using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(der);
                keys.Add(certificate.PublicKey.ExportSubjectPublicKeyInfo());
            }

            text = text[pem.Location.End..];
        }

        return keys.Count > 0 ? keys : throw new InvalidDataException($"'{path}' holds no PUBLIC KEY or CERTIFICATE block.");
    }
}
