using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace DeAn06.Gateway.Tokens;

/// <summary>
/// The gateway's ES256 keys, kept as PEM files. The newest signs; the newest two are published in
/// the JWKS so tokens signed before a rotation stay valid until they expire.
/// </summary>
public sealed class SigningKeys
{
    private const int Published = 2;
    private readonly string _folder;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private List<ECDsaSecurityKey> _keys = [];

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

        _keys = files.Take(Published).Select(file =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(File.ReadAllText(file));
            byte[] spki = ecdsa.ExportSubjectPublicKeyInfo();
            string kid = Base64UrlEncoder.Encode(SHA256.HashData(spki))[..16];
            return new ECDsaSecurityKey(ecdsa) { KeyId = kid };
        }).ToList();
    }
}
