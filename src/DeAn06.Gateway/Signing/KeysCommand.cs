namespace DeAn06.Gateway.Signing;

/// <summary>
/// `DeAn06.Gateway keys init &lt;folder&gt; &lt;client&gt;... [--client-keys p256|rsa2048]`: the development CA,
/// the gateway's, the message-log seal key's, the TSA's and each client's certificate and key.
/// `DeAn06.Gateway keys seal &lt;folder&gt; &lt;name&gt;`: a new seal key from that CA (rotation).
/// </summary>
internal static class KeysCommand
{
    public static int? TryRun(string[] args, TextWriter output)
    {
        if (args is not ["keys", ..])
        {
            return null;
        }

        const string Usage = "usage: DeAn06.Gateway keys init <folder> <client-id> [<client-id>...] [--client-keys p256|rsa2048]";
        ClientKeyKind kind = ClientKeyKind.EcdsaP256;
        int option = Array.IndexOf(args, "--client-keys");
        if (option >= 0)
        {
            try
            {
                kind = DevCertificates.ParseKind(args.ElementAtOrDefault(option + 1) ?? "");
            }
            catch (ArgumentException)
            {
                output.WriteLine($"keys: --client-keys takes p256 or rsa2048, not '{args.ElementAtOrDefault(option + 1)}'");
                return 2;
            }

            args = [.. args[..option], .. args[(option + 2)..]];
        }

        if (args is ["keys", "seal", var caFolder, var sealName])
        {
            if (!File.Exists(Path.Combine(caFolder, "ca.key.pem")) || File.Exists(Path.Combine(caFolder, sealName + ".pem")) || File.Exists(Path.Combine(caFolder, sealName + ".key.pem")))
            {
                output.WriteLine($"keys: '{caFolder}' must hold the CA (ca.key.pem) and no {sealName}.pem yet (existing keys are never overwritten)");
                return 1;
            }

            DevCertificates.IssueSealCertificate(caFolder, sealName, TimeProvider.System.GetUtcNow());
            output.WriteLine($"keys: wrote {sealName}.pem and {sealName}.key.pem; point MessageLog:SealCertificatePath/SealKeyPath at them (older seals keep verifying through the CA)");
            return 0;
        }

        if (args is not ["keys", "init", var folder, .. var clients] || clients.Length == 0)
        {
            output.WriteLine(Usage);
            return 2;
        }

        if (clients.FirstOrDefault(DevCertificates.IsReserved) is { } reserved)
        {
            output.WriteLine($"keys: '{reserved}' names one of the platform's own certificates; choose another client id");
            return 2;
        }

        if (File.Exists(Path.Combine(folder, "ca.key.pem")))
        {
            output.WriteLine($"keys: '{folder}' already holds a CA; choose an empty folder (existing keys are never overwritten)");
            return 1;
        }

        DevCertificates.Create(folder, clients, TimeProvider.System.GetUtcNow(), kind);
        output.WriteLine($"keys: wrote ca.pem, gateway.pem, seal.pem, tsa.pem and {string.Join(", ", clients.Select(c => c + ".pem"))} with their .key.pem files to {Path.GetFullPath(folder)} (keep the keys out of version control)");
        return 0;
    }
}
