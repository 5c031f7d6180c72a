using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace DeAn06.Gateway.Tokens;

/// <summary>
/// The gateway's ES256 keys, kept as PEM files. The newest signs; the newest two are published in
/// the JWKS so tokens signed before a rotation stay valid until they expire.
/// </summary>
internal sealed class SigningKeys
{
    private const int Published = 2;
    private readonly string _folder;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private List<ECDsaSecurityKey> _keys = [];
    private List<(string KeyId, string Pem)> _pems = [];

    public SigningKeys(IOptions<TokenOptions> options, TimeProvider time)
    {
        _folder = Path.GetFullPath(options.Value.KeysPath);
        _time = time;
        Directory.CreateDirectory(_folder);
        while (Directory.GetFiles(_folder, "signing-*.pem").Length < Published)
        {
            Create();
        }

        Load();
    }

    /// <summary>The key that signs new tokens.</summary>
    public ECDsaSecurityKey Current => _keys[0];

    /// <summary>The keys tokens may be signed with (newest first).</summary>
    public IReadOnlyList<ECDsaSecurityKey> All => _keys;

    /// <summary>
    /// A private copy of the current key for signing outside IdentityModel (message-log seals), with its
    /// key id. IdentityModel caches and may dispose the instances it is given, so they are not shared.
    /// </summary>
    public (string KeyId, ECDsa Key) CreateCurrentSigner()
    {
        var (kid, pem) = _pems[0];
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        return (kid, ecdsa);
    }

    /// <summary>Each published key's id and public key (SubjectPublicKeyInfo), newest first.</summary>
    public IReadOnlyList<(string KeyId, byte[] PublicKey)> PublicKeys() => _pems.Select(p =>
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(p.Pem);
        return (p.KeyId, ecdsa.ExportSubjectPublicKeyInfo());
    }).ToList();

    /// <summary>Adds a new signing key; the previous one stays published, older ones are retired.</summary>
    public void Rotate()
    {
        lock (_gate)
        {
            Create();
            Load();
        }
    }

    private void Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // Names sort by creation time; the counter separates keys made in the same millisecond.
        string stamp = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString("D15", CultureInfo.InvariantCulture);
        string path = Path.Combine(_folder, $"signing-{stamp}-{Directory.GetFiles(_folder, "signing-*.pem").Length:D4}.pem");
        File.WriteAllText(path, key.ExportECPrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private void Load()
    {
        string[] files = Directory.GetFiles(_folder, "signing-*.pem").Order(StringComparer.Ordinal).Reverse().ToArray();
        foreach (string retired in files.Skip(Published))
        {
            File.Delete(retired);
        }

        _pems = files.Take(Published).Select(file =>
        {
            string pem = File.ReadAllText(file);
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            return (Base64UrlEncoder.Encode(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()))[..16], pem);
        }).ToList();
        _keys = _pems.Select(p =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(p.Pem);
            return new ECDsaSecurityKey(ecdsa) { KeyId = p.KeyId };
        }).ToList();
    }
}
