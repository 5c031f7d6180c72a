using System.Globalization;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using DeAn06.Cli.Stack;
using DeAn06.PopulationDb.Population;

namespace DeAn06.LoadTests;

/// <summary>Pre-built, varied, correctly signed real-time verification requests, one per line for load.lua.</summary>
internal static class Requests
{
    public static async Task<string> TokenAsync(Uri gateway, ClientInfo client)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        using HttpResponseMessage r = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["grant_type"] = "client_credentials", ["client_id"] = client.Id, ["client_secret"] = client.Secret }));
        r.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
    }

    public static IReadOnlyList<byte[]> Bodies(CitizenStore population, int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            Citizen c = population[rng.Next(population.Count)];
            string born = c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            return JsonSerializer.SerializeToUtf8Bytes(new { SoDinhDanh = c.Id.ToString("D12", CultureInfo.InvariantCulture), HoVaTen = c.FullName, NgayThangNamSinh = born, GioiTinh = c.IsMale ? "Nam" : "Nữ" });
        })];
    }

    public static string Sign(StackInfo stack, ClientInfo client, byte[] body)
    {
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(stack.CertificatesFolder, client.Id + ".pem"), Path.Combine(stack.CertificatesFolder, client.Id + ".key.pem"));
        using X509Certificate2 cert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var cms = new SignedCms(new ContentInfo(body), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, cert);
        signer.SignedAttributes.Add(new Pkcs9SigningTime(TimeProvider.System.GetUtcNow().UtcDateTime)); // the gateway requires signed attributes
        cms.ComputeSignature(signer, silent: true);
        return Convert.ToBase64String(cms.Encode());
    }

    /// <summary>Writes the requests file: "POST \t path \t Name:value|Name:value \t body" per line.</summary>
    public static string Write(string path, IReadOnlyList<byte[]> bodies, Func<byte[], IReadOnlyDictionary<string, string>> headers)
    {
        var sb = new StringBuilder();
        foreach (byte[] body in bodies)
        {
            string h = string.Join('|', headers(body).Append(new("Content-Type", "application/json")).Select(kv => $"{kv.Key}:{kv.Value}"));
            sb.Append("POST\t/api/v1/verify\t").Append(h).Append('\t').Append(Encoding.UTF8.GetString(body)).Append('\n');
        }

        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
        return path;
    }
}
