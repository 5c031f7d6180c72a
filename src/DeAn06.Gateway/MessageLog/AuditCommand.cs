namespace DeAn06.Gateway.MessageLog;

/// <summary>`DeAn06.Gateway audit verify &lt;message-log.db&gt;`: checks a log and exits 0 (intact) or 1.</summary>
public static class AuditCommand
{
    public static int? TryRun(string[] args, TextWriter output)
    {
        if (args is not ["audit", ..])
        {
            return null;
        }

        if (args is not ["audit", "verify", var path] || !File.Exists(path))
        {
            output.WriteLine(args is ["audit", "verify", var missing] ? $"audit: no message log at '{missing}'" : "usage: DeAn06.Gateway audit verify <message-log.db>");
            return 2;
        }

        VerifyResult r = MessageLogVerifier.Verify(path);
        output.WriteLine(r.Intact
            ? $"intact: {r.Entries} entries, {r.Seals} seals (keys {string.Join(", ", r.SealKeys)}), {r.UnsealedTail} entries after the last seal"
            : $"BROKEN at entry {r.FirstBroken}: {r.Problem}");
        return r.Intact ? 0 : 1;
    }
}
