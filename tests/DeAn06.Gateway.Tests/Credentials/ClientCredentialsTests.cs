using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text;
using DeAn06.Gateway.Credentials;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Gateway.Tests.Credentials;

/// <summary>
/// Wrong secrets use up a budget per client id and per remote address; past it the gateway answers
/// 429 without hashing the secret, and everyone else's sign-ins and calls go on as before.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ClientCredentialsTests(GatewayFixture fixture) : IAsyncLifetime
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        // 3 failures per client id, 6 per address, each earned back in 60 / n s.
        _gateway = fixture.CreateGateway(_clock, ("SignInLimits:FailuresPerClient", "3"), ("SignInLimits:FailuresPerAddress", "6"), ("SignInLimits:Window", "00:01:00"))
            .WithRemoteAddresses();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private long Hashes => _gateway.Services.GetRequiredService<ClientCredentials>().Hashes;

    [Fact]
    public async Task Token_WrongSecretsPastTheClientBudget_429WithRetryAfterWithoutHashing()
    {
        using HttpClient attacker = _gateway.CreateClientFrom("203.0.113.7");
        for (int i = 0; i < 3; i++)
        {
            await GatewayFixture.ProblemAsync(await TokenAsync(attacker, "BHXH", "guess-" + i), 401, "INVALID_CLIENT");
        }

        long hashed = Hashes;
        HttpResponseMessage limited = await TokenAsync(attacker, "BHXH", "guess-3");
        var problem = await GatewayFixture.ProblemAsync(limited, 429, "TOO_MANY_FAILED_SIGN_INS");
        Assert.Equal(TimeSpan.FromSeconds(20), limited.Headers.RetryAfter?.Delta);
        Assert.Contains("Retry-After", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(hashed, Hashes);

        // Another address gets one hashed try at the used-up id; once it has failed, it is refused too.
        using HttpClient elsewhere = _gateway.CreateClientFrom("198.51.100.9");
        await GatewayFixture.ProblemAsync(await TokenAsync(elsewhere, "BHXH", "guess-4"), 401, "INVALID_CLIENT");
        await GatewayFixture.ProblemAsync(await TokenAsync(elsewhere, "BHXH", "guess-5"), 429, "TOO_MANY_FAILED_SIGN_INS");
        Assert.Equal(hashed + 1, Hashes);
    }

    [Fact]
    public async Task Token_ClientBudgetUsedUpFromAnotherAddress_ClientsRightSecretFromItsCleanAddressGetsAToken()
    {
        // The attacker uses up BHXH's budget from A and keeps trying; BHXH itself signs in from B.
        using HttpClient attacker = _gateway.CreateClientFrom("203.0.113.7");
        for (int i = 0; i < 3; i++)
        {
            await GatewayFixture.ProblemAsync(await TokenAsync(attacker, "BHXH", "guess-" + i), 401, "INVALID_CLIENT");
        }

        using HttpClient bhxh = _gateway.CreateClientFrom("198.51.100.9");
        for (int round = 0; round < 3; round++)
        {
            long hashed = Hashes;
            await GatewayFixture.ProblemAsync(await TokenAsync(attacker, "BHXH", "again-" + round), 429, "TOO_MANY_FAILED_SIGN_INS");
            Assert.Equal(hashed, Hashes);
            Assert.Equal(HttpStatusCode.OK, (await TokenAsync(bhxh, "BHXH", GatewayFixture.Secrets["BHXH"])).StatusCode);
            // One failure earned back (60 s / 3): the attacker's next guess spends it.
            _clock.Advance(TimeSpan.FromSeconds(20));
            await GatewayFixture.ProblemAsync(await TokenAsync(attacker, "BHXH", "paced-" + round), 401, "INVALID_CLIENT");
        }
    }

    [Fact]
    public async Task Token_BurstFromAnAddressWithAFailure_HashesOnlyTheFailuresLeft()
    {
        var store = new GatedFailedAttemptStore(_clock);
        await using WebApplicationFactory<Program> gateway = _gateway.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IFailedAttemptStore>(store)));
        ClientCredentials credentials = gateway.Services.GetRequiredService<ClientCredentials>();
        HttpClient[] clients = Enumerable.Range(0, 20).Select(_ => gateway.CreateClientFrom("203.0.113.7")).ToArray();
        await GatewayFixture.ProblemAsync(await TokenAsync(clients[0], "BHXH", "guess"), 401, "INVALID_CLIENT");
        long before = credentials.Hashes;

        // The address has a failure, so each try reserves one before hashing: of 20 at once only the
        // client id's 2 failures left are hashed, even when none is counted before all 20 met the check.
        store.Hold(20);
        Task<HttpResponseMessage>[] tries = clients.Select((client, n) => Task.Run(() => TokenAsync(client, "BHXH", "burst-" + n))).ToArray();
        HttpResponseMessage[] answers = await Task.WhenAll(tries);
        Assert.Equal(2, credentials.Hashes - before);
        Assert.Equal(2, answers.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(18, answers.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Array.ForEach(clients, c => c.Dispose());
    }

    [Fact]
    public async Task Token_BurstFromACleanAddressPastTheBudget_EveryHashedFailureLengthensTheWait()
    {
        // 12 wrong secrets certainly past the check at once (the store holds their failures until all
        // arrive), then 36 more: only the 12 in flight are hashed, and the wait is the whole 12's, not one failure's.
        const int InFlight = 12;
        var store = new GatedFailedAttemptStore(_clock);
        store.Hold(InFlight);
        await using WebApplicationFactory<Program> gateway = _gateway.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IFailedAttemptStore>(store)));
        ClientCredentials credentials = gateway.Services.GetRequiredService<ClientCredentials>();
        HttpClient[] clients = Enumerable.Range(0, InFlight).Select(_ => gateway.CreateClientFrom("203.0.113.7")).ToArray();

        HttpResponseMessage[] wave = await Task.WhenAll(clients.Select((client, n) => Task.Run(() => TokenAsync(client, "BHXH", "burst-" + n))));
        Assert.All(wave, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        for (int round = 0; round < 3; round++)
        {
            wave = await Task.WhenAll(clients.Select((client, n) => Task.Run(() => TokenAsync(client, "BHXH", $"more-{round}-{n}"))));
            Assert.All(wave, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        }

        Assert.Equal(InFlight, credentials.Hashes);
        // 12 failures on the address's budget of 6 (10 s each): 6 below empty, the floor, so 7 failures'
        // worth to wait (one failure's worth, 10 s, was the wait whatever the burst's size).
        HttpResponseMessage limited = await TokenAsync(clients[0], "BHXH", "after");
        Assert.Equal(TimeSpan.FromSeconds(70), limited.Headers.RetryAfter?.Delta);
        _clock.Advance(TimeSpan.FromSeconds(69));
        await GatewayFixture.ProblemAsync(await TokenAsync(clients[0], "BHXH", GatewayFixture.Secrets["BHXH"]), 429, "TOO_MANY_FAILED_SIGN_INS");
        Array.ForEach(clients, c => c.Dispose());
    }

    [Fact]
    public async Task Token_AnotherClientFromAnotherAddress_StillGetsItsToken()
    {
        using HttpClient attacker = _gateway.CreateClientFrom("203.0.113.7");
        for (int i = 0; i < 10; i++)
        {
            await TokenAsync(attacker, "BHXH", "guess-" + i);
        }

        using HttpClient thue = _gateway.CreateClientFrom("198.51.100.9");
        HttpResponseMessage response = await TokenAsync(thue, "THUE", GatewayFixture.Secrets["THUE"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_ManyClientIdsFromOneAddress_LimitedByTheAddressBudget()
    {
        using HttpClient attacker = _gateway.CreateClientFrom("2001:db8:1:2::7");
        for (int i = 0; i < 6; i++)
        {
            await GatewayFixture.ProblemAsync(await TokenAsync(attacker, "NOBODY" + i, "x"), 401, "INVALID_CLIENT");
        }

        // Another address in the same IPv6 /64 is the same subscriber.
        using HttpClient sameSubnet = _gateway.CreateClientFrom("2001:db8:1:2::8");
        await GatewayFixture.ProblemAsync(await TokenAsync(sameSubnet, "OTHER", "x"), 429, "TOO_MANY_FAILED_SIGN_INS");
        using HttpClient otherSubnet = _gateway.CreateClientFrom("2001:db8:1:3::8");
        await GatewayFixture.ProblemAsync(await TokenAsync(otherSubnet, "OTHER", "x"), 401, "INVALID_CLIENT");
    }

    [Fact]
    public async Task Token_AfterTheWindow_BudgetEarnedBack()
    {
        using HttpClient client = _gateway.CreateClientFrom("203.0.113.7");
        for (int i = 0; i < 3; i++)
        {
            await TokenAsync(client, "BHXH", "guess-" + i);
        }

        await GatewayFixture.ProblemAsync(await TokenAsync(client, "BHXH", GatewayFixture.Secrets["BHXH"]), 429, "TOO_MANY_FAILED_SIGN_INS");
        _clock.Advance(TimeSpan.FromSeconds(19));
        await GatewayFixture.ProblemAsync(await TokenAsync(client, "BHXH", GatewayFixture.Secrets["BHXH"]), 429, "TOO_MANY_FAILED_SIGN_INS");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, "BHXH", GatewayFixture.Secrets["BHXH"])).StatusCode);
    }

    [Fact]
    public async Task Token_RightSecrets_UseNoBudget()
    {
        using HttpClient client = _gateway.CreateClientFrom("203.0.113.7");
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TokenAsync(client, "BHXH", GatewayFixture.Secrets["BHXH"])).StatusCode);
        }

        for (int i = 0; i < 3; i++)
        {
            await GatewayFixture.ProblemAsync(await TokenAsync(client, "BHXH", "guess-" + i), 401, "INVALID_CLIENT");
        }

        await GatewayFixture.ProblemAsync(await TokenAsync(client, "BHXH", "guess-3"), 429, "TOO_MANY_FAILED_SIGN_INS");
    }

    [Fact]
    public async Task Token_UnknownClientId_HashedLikeAKnownOne()
    {
        // Unknown ids are checked against a decoy hash, so the time taken does not tell which ids exist.
        using HttpClient client = _gateway.CreateClientFrom("203.0.113.7");
        long before = Hashes;
        await GatewayFixture.ProblemAsync(await TokenAsync(client, "NOBODY", "x"), 401, "INVALID_CLIENT");
        await GatewayFixture.ProblemAsync(await TokenAsync(client, "BHXH", "x"), 401, "INVALID_CLIENT");
        Assert.Equal(before + 2, Hashes);
    }

    [Fact]
    public async Task Token_HammeredWithWrongSecrets_VerifyTrafficUnaffectedAndNoHashPastTheBudget()
    {
        using HttpClient thue = _gateway.CreateClientFrom("198.51.100.9");
        thue.DefaultRequestHeaders.Authorization = new("Bearer", await GatewayFixture.TokenAsync(thue, "THUE"));
        long before = Hashes;

        // Eight connections of wrong secrets for one client id from one address, alongside verify calls.
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        HttpClient[] connections = Enumerable.Range(0, 8).Select(_ => _gateway.CreateClientFrom("203.0.113.7")).ToArray();
        Task[] attackers = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            using HttpClient attacker = connections[n];
            for (int i = 0; i < 25; i++)
            {
                statuses.Add((int)(await TokenAsync(attacker, "BHXH", $"guess-{n}-{i}")).StatusCode);
            }
        })).ToArray();
        var verified = new List<HttpStatusCode>();
        while (!attackers.All(t => t.IsCompleted) || verified.Count < 10)
        {
            verified.Add((await thue.PostAsync("/api/v1/verify", new StringContent(Record, Encoding.UTF8, "application/json"))).StatusCode);
        }

        await Task.WhenAll(attackers);
        Assert.All(verified, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(200, statuses.Count);
        // At most the budget (3) or the tries in flight before the first failure was counted (one per connection).
        long hashed = Hashes - before;
        Assert.InRange(hashed, 3, 3 + 8);
        Assert.Equal(hashed, statuses.Count(s => s == 401));
        Assert.Equal(200 - hashed, statuses.Count(s => s == 429));
    }

    [Fact]
    public async Task Token_ManyRightSecretsAtOnce_NoneLimited()
    {
        // A sector system's workers all fetching a token at start-up: more than the failure budget, none failing.
        // Clients made first: WebApplicationFactory starts its server on the first CreateClient, not thread-safely.
        HttpClient[] clients = Enumerable.Range(0, 20).Select(_ => _gateway.CreateClientFrom("203.0.113.7")).ToArray();
        Task<HttpResponseMessage>[] signIns = clients.Select(client => Task.Run(() => TokenAsync(client, "BHXH", GatewayFixture.Secrets["BHXH"]))).ToArray();
        Assert.All(await Task.WhenAll(signIns), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Array.ForEach(clients, c => c.Dispose());
    }

    [Fact]
    public async Task OperatorSignIn_WrongSecretsPastTheBudget_429WithRetryAfter()
    {
        using HttpClient browser = _gateway.CreateClientFrom("203.0.113.7");
        for (int i = 0; i < 3; i++)
        {
            HttpResponseMessage refused = await SignInAsync(browser, "OPS", "guess-" + i);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.EndsWith("error=invalid", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
        }

        long hashed = Hashes;
        HttpResponseMessage limited = await SignInAsync(browser, "OPS", GatewayFixture.Secrets["OPS"]);
        await GatewayFixture.ProblemAsync(limited, 429, "TOO_MANY_FAILED_SIGN_INS");
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.Equal(hashed, Hashes);
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string id, string secret) =>
        client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = secret,
        }));

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string id, string secret) =>
        client.PostAsync("/ops/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = id, ["client_secret"] = secret }));
}
