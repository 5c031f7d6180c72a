using DeAn06.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeAn06.Client.Tests.Extensions;

public sealed class AddDeAn06ClientTests
{
    [Fact]
    public async Task AddDeAn06Client_HostServices_ClientAndApiResolvedWithTheWholePipeline()
    {
        using var pki = new TestPki();
        var time = new FakeTimeProvider(TestPki.Now);
        using var gateway = new StubGateway(pki, time) { Respond = (_, _) => StubGateway.Json(StubGateway.VerifyAnswer) };
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddDeAn06Client(pki.Options()).ConfigurePrimaryHttpMessageHandler(() => new Forwarder(gateway));
        services.AddHttpClient(DeAn06ClientServiceCollectionExtensions.TokenHttpClientName).ConfigurePrimaryHttpMessageHandler(() => new Forwarder(gateway));
        await using ServiceProvider provider = services.BuildServiceProvider();

        var answer = await provider.GetRequiredService<DeAn06Client>().VerifyAsync(ClientScope.Record);
        await provider.GetRequiredService<IDeAn06Api>().VerifyAsync(ClientScope.Record);

        Assert.Equal("MATCH", answer.Result.Verdict);
        Assert.Equal(1, gateway.TokenRequests);
        Assert.All(gateway.Api, r => Assert.NotNull(r.Signature));
        Assert.All(gateway.Api, r => Assert.Equal("t1", r.Token));
    }

    [Fact]
    public void AddDeAn06Client_InvalidOptions_EveryProblemNamedAtOnce()
    {
        using var pki = new TestPki();
        var options = pki.Options() with { ClientId = " ", GatewayCertificateSha256 = "abc", PollInterval = TimeSpan.Zero };

        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddDeAn06Client(options));

        Assert.Equal("The DeAn06 client options are invalid: ClientId is required. GatewayCertificateSha256 must be the certificate's SHA-256 as 64 hex digits (colons allowed). PollInterval must be positive.", ex.Message);
    }

    [Fact]
    public void Options_Defaults_AsDocumented()
    {
        using var pki = new TestPki();
        DeAn06ClientOptions options = pki.Options();

        Assert.Equal(TimeSpan.FromSeconds(30), options.TokenRenewal);
        Assert.Equal(TimeSpan.FromSeconds(1), options.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(100), options.AttemptTimeout);
        Assert.Equal(3, options.MaxRetryAttempts);
    }

    [Fact]
    public void Options_ToString_NoSecret()
    {
        using var pki = new TestPki();

        string text = pki.Options().ToString();

        Assert.Contains("ClientId = BHXH", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    /// <summary>The stub under the factory, which disposes its primary handlers: never the shared stub.</summary>
    private sealed class Forwarder(HttpMessageHandler inner) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _invoker = new(inner, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _invoker.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _invoker.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
