using System.Diagnostics;

namespace DeAn06.Gateway.Tests.Support;

/// <summary>The independent tool the CMS code is checked against: the system's <c>openssl</c>.</summary>
internal static class OpenSsl
{
    /// <summary>Runs <c>openssl</c> with <paramref name="args"/>; fails the test unless it exits 0. Returns stdout + stderr.</summary>
    public static string Run(params string[] args)
    {
        var info = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"openssl {string.Join(' ', args)} failed: {output}");
        return output;
    }

    /// <summary><c>openssl cms -sign</c>: a detached DER signature over <paramref name="bodyFile"/>'s exact bytes (<paramref name="options"/> e.g. <c>-keyopt rsa_padding_mode:pss</c>).</summary>
    public static byte[] SignDetached(string bodyFile, string certificatePem, string keyPem, params string[] options)
    {
        string signature = bodyFile + ".sig";
        Run(["cms", "-sign", "-binary", "-in", bodyFile, "-signer", certificatePem, "-inkey", keyPem, "-outform", "DER", "-out", signature, .. options]);
        return File.ReadAllBytes(signature);
    }
}
