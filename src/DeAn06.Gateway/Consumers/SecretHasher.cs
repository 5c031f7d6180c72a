using System.Security.Cryptography;
using System.Text;

namespace DeAn06.Gateway.Consumers;

/// <summary>PBKDF2-SHA256 client-secret hashes: "pbkdf2-sha256$iterations$salt$hash" (base64).</summary>
internal static class SecretHasher
{
    private const string Prefix = "pbkdf2-sha256";
    private const int DefaultIterations = 100_000;

    public static string Hash(string secret, int iterations = DefaultIterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, 32);
        return $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string secret, string stored)
    {
        if (!TryParse(stored, out int iterations, out byte[] salt, out byte[] expected))
        {
            return false;
        }

        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static bool IsWellFormed(string? stored) => stored is not null && TryParse(stored, out _, out _, out _);

    /// <summary>The PBKDF2 iterations of a stored hash (0 if it is not one): what checking a secret against it costs.</summary>
    public static int IterationsOf(string? stored) => stored is not null && TryParse(stored, out int iterations, out _, out _) ? iterations : 0;

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        string[] parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix || !int.TryParse(parts[1], out iterations) || iterations < 1_000)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
            return salt.Length >= 8 && hash.Length >= 16;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
