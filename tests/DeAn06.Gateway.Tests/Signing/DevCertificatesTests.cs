using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Signing;

namespace DeAn06.Gateway.Tests.Signing;

public sealed class DevCertificatesTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("seal", DeAn06.Cms.CmsOids.LogSealing)]
    [InlineData("tsa", DeAn06.Cms.CmsOids.TimeStamping)]
    public void Create_SealAndTsaCertificates_OneCriticalEkuAndPrivateKeyFiles(string name, string eku)
    {
        DevCertificates.Create(_folder, ["BHXH"], TimeProvider.System.GetUtcNow());

        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_folder, name + ".pem")));
        X509EnhancedKeyUsageExtension usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal([eku], usage.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, name + ".key.pem")));
        }
    }

    [Fact]
    public void IssueSealCertificate_NameTaken_RefusesAndKeepsTheKey()
    {
        DevCertificates.Create(_folder, [], TimeProvider.System.GetUtcNow());
        string before = File.ReadAllText(Path.Combine(_folder, "seal.key.pem"));

        Assert.Throws<IOException>(() => DevCertificates.IssueSealCertificate(_folder, "seal", TimeProvider.System.GetUtcNow()));

        Assert.Equal(before, File.ReadAllText(Path.Combine(_folder, "seal.key.pem")));
    }

    [Fact]
    public void KeysCommand_ClientNamedLikeThePlatformsOwnCertificate_Exit2()
    {
        var output = new StringWriter();

        Assert.Equal(2, KeysCommand.TryRun(["keys", "init", _folder, "BHXH", "seal"], output));
        Assert.False(Directory.Exists(_folder));
    }
}
