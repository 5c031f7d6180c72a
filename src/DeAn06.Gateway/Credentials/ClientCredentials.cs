using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DeAn06.Gateway.Consumers;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Credentials;

/// <summary>
/// Checks a client id and secret for /connect/token and the operators' sign-in, behind a budget of
/// failures per client id and per remote address that is consulted before the PBKDF2 hash: once a
/// key has used up its budget the answer is "limited" at no cost, so wrong secrets cannot be tried
/// without end nor slow down everyone else's calls. An unknown client id costs one hash too, so the
/// time taken does not tell which ids exist.
/// </summary>
internal sealed partial class ClientCredentials(
    IOptionsMonitor<ConsumerRegistry> registry, IFailedAttemptStore store, IOptions<SignInLimitOptions> options, ILogger<ClientCredentials> logger)
{
    private readonly ConcurrentDictionary<int, string> _decoys = new();
    private long _hashes;

    /// <summary>Secrets hashed so far (each is a PBKDF2 run); the limit is proven by this not growing.</summary>
    public long Hashes => Interlocked.Read(ref _hashes);

    public async Task<CredentialCheck> CheckAsync(string? clientId, string? secret, IPAddress? remote, CancellationToken cancellationToken)
    {
        SignInLimitOptions o = options.Value;
        // Ids outside the registry's syntax cannot exist; they share one key so made-up ids cannot grow the store.
        string clientKey = "client:" + (clientId is not null && ClientIdSyntax().IsMatch(clientId) ? clientId : "?");
        var clientBudget = new FailureBudget(o.FailuresPerClient, o.Window);
        var addressBudget = new FailureBudget(o.FailuresPerAddress, o.Window);
        string addressKey = "address:" + AddressKey(remote);

        if (await store.RetryAfterAsync(addressKey, addressBudget, cancellationToken) is { } addressWait)
        {
            Log.Limited(logger, "address");
            return new CredentialCheck(CredentialVerdict.Limited, null, addressWait);
        }

        if (await store.RetryAfterAsync(clientKey, clientBudget, cancellationToken) is { } clientWait)
        {
            Log.Limited(logger, "client id");
            return new CredentialCheck(CredentialVerdict.Limited, null, clientWait);
        }

        Consumer? consumer = clientId is null ? null : registry.CurrentValue.Find(clientId);
        Interlocked.Increment(ref _hashes);
        bool matches = SecretHasher.Verify(secret ?? "", consumer?.SecretHash ?? Decoy());
        if (consumer is null || string.IsNullOrEmpty(secret) || !matches)
        {
            await store.RecordFailureAsync(addressKey, addressBudget, cancellationToken);
            await store.RecordFailureAsync(clientKey, clientBudget, cancellationToken);
            return new CredentialCheck(CredentialVerdict.Invalid, null, TimeSpan.Zero);
        }

        return new CredentialCheck(CredentialVerdict.Valid, consumer, TimeSpan.Zero);
    }

    /// <summary>The address as a key; IPv6 by its /64, which one subscriber usually holds whole.</summary>
    private static string AddressKey(IPAddress? remote)
    {
        if (remote is null)
        {
            return "-";
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        if (remote.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return remote.ToString();
        }

        byte[] bytes = remote.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// A hash of nothing anyone knows, with as many iterations as the registry's costliest secret, to
    /// check unknown client ids against.
    /// </summary>
    private string Decoy()
    {
        int iterations = registry.CurrentValue.Clients.Values.Select(c => SecretHasher.IterationsOf(c.SecretHash)).DefaultIfEmpty(0).Max();
        return _decoys.GetOrAdd(iterations, n => SecretHasher.Hash(Guid.NewGuid().ToString("N"), Math.Max(n, 1_000)));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{2,32}$")]
    private static partial Regex ClientIdSyntax();

    private static partial class Log
    {
        // Debug: under attack this fires for every refused try; the 429s are counted in the metrics.
        [LoggerMessage(1301, LogLevel.Debug, "Failed sign-ins over budget for this {Kind}; refused without checking the secret.")]
        public static partial void Limited(ILogger logger, string kind);
    }
}
