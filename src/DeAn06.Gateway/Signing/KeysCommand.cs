namespace DeAn06.Gateway.Signing;

/// <summary>`DeAn06.Gateway keys init &lt;folder&gt; &lt;client&gt;...`: the development CA, the gateway's and each client's certificate and key.</summary>
public static class KeysCommand
{
    public static int? TryRun(string[] args, TextWriter output)
    {
        if (args is not ["keys", ..])
        {
            return null;
        }

        if (args is not ["keys", "init", var folder, .. var clients] || clients.Length == 0)
        {
            output.WriteLine("usage: DeAn06.Gateway keys init <folder> <client-id> [<client-id>...]");
            return 2;
        }

        if (File.Exists(Path.Combine(folder, "ca.key.pem")))
        {
            output.WriteLine($"keys: '{folder}' already holds a CA; choose an empty folder (existing keys are never overwritten)");
            return 1;
        }

        DevCertificates.Create(folder, clients, TimeProvider.System.GetUtcNow());
        output.WriteLine($"keys: wrote ca.pem, gateway.pem and {string.Join(", ", clients.Select(c => c + ".pem"))} with their .key.pem files to {Path.GetFullPath(folder)} (keep the keys out of version control)");
        return 0;
    }
}
