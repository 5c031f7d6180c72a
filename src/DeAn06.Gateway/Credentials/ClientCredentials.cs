using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DeAn06.Gateway.Consumers;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Credentials;

/// <summary>
/// Checks a client id and secret for /connect/token and the operators' sign-in, behind a budget of
/// failures per remote address and per client id that is consulted before the PBKDF2 hash: once a
/// budget is used up the answer is "limited" at no cost, so wrong secrets cannot be tried without end
/// nor slow down everyone else's calls. An unknown client id costs one hash too, so the time taken
/// does not tell which ids exist.
/// </summary>
/// <remarks>
/// <para>
/// The client id's budget is applied only to tries from an address that has failures of its own
/// (for any client id, within the window). Applied to everybody, anyone who knows a client id could
/// keep that client's right secret from its own, clean address at 429 for as long as they kept sending
/// wrong secrets. Applied this way it still stops guessing of an id before hashing: once the id's budget
/// is used up, an address gets one hashed try at it, after which it has a failure and is refused until
/// that failure is a window old, while the client's own clean addresses still get their tokens.
/// Keying the id's budget by (id, address) instead would give every address a whole budget for every id.
/// </para>
/// <para>
/// Tries from an address with failures reserve one failure of both budgets before hashing, atomically,
/// so a parallel burst cannot all pass the check; the right secret gives them back. Tries from a clean
/// address reserve nothing, so many right secrets at once are never refused; a burst of wrong ones from
/// there is hashed only until its first failure is counted (the budget plus the tries then in flight),
/// and every one of them counts, so the wait grows with the burst.
/// </para>
/// </remarks>
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

        // A clean address's budget is full and the client id's budget does not apply to it (see remarks).
        bool reserved = await store.HasFailuresAsync(addressKey, addressBudget, cancellationToken);
        if (reserved)
        {
            if (await store.TryReserveAsync(addressKey, addressBudget, cancellationToken) is { } addressWait)
            {
                Log.Limited(logger, "address");
                return new CredentialCheck(CredentialVerdict.Limited, null, addressWait);
            }

            if (await store.TryReserveAsync(clientKey, clientBudget, cancellationToken) is { } clientWait)
            {
                await store.ReleaseAsync(addressKey, addressBudget, CancellationToken.None);
                Log.Limited(logger, "client id");
                return new CredentialCheck(CredentialVerdict.Limited, null, clientWait);
            }
        }

        Consumer? consumer = clientId is null ? null : registry.CurrentValue.Find(clientId);
        Interlocked.Increment(ref _hashes);
        bool matches = SecretHasher.Verify(secret ?? "", consumer?.SecretHash ?? Decoy());
        if (consumer is null || string.IsNullOrEmpty(secret) || !matches)
        {
            // Not cancellable: a failure already paid for with a hash must be counted.
            await store.RecordFailureAsync(addressKey, addressBudget, reserved, CancellationToken.None);
            await store.RecordFailureAsync(clientKey, clientBudget, reserved, CancellationToken.None);
            return new CredentialCheck(CredentialVerdict.Invalid, null, TimeSpan.Zero);
        }

        if (reserved)
        {
            await store.ReleaseAsync(addressKey, addressBudget, CancellationToken.None);
            await store.ReleaseAsync(clientKey, clientBudget, CancellationToken.None);
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
