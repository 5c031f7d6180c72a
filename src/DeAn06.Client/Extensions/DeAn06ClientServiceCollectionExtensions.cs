using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeAn06.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the DeAn06 client SDK in a host's services.</summary>
public static class DeAn06ClientServiceCollectionExtensions
{
    /// <summary>
    /// The named HttpClient the SDK asks <c>/connect/token</c> with; configure it like the builder
    /// <see cref="AddDeAn06Client"/> returns when the gateway needs a proxy or a custom handler.
    /// </summary>
    public const string TokenHttpClientName = TokenSource.HttpClientName;

    // The contracts spell request fields the QCVN 109 way (SoDinhDanh, HoVaTen): no naming policy;
    // answers come camelCase, hence case-insensitive reading. Vietnamese stays unescaped.
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>
    /// Registers <see cref="IDeAn06Api"/> (a Refit client from <see cref="IHttpClientFactory"/>) and
    /// <see cref="DeAn06Client"/> for one client id. Each request goes through, outermost first: the
    /// standard resilience handler (retries that honour Retry-After, never an unkeyed batch submit;
    /// circuit breaker; timeouts), the token handler, the request-signing handler and the
    /// answer-signature handler. Time comes from the registered <see cref="TimeProvider"/> (the
    /// system clock unless the host registered another). Returns the API client's builder, e.g. to
    /// set its primary handler.
    /// </summary>
    public static IHttpClientBuilder AddDeAn06Client(this IServiceCollection services, DeAn06ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(sp => new MessageSigning(options.SigningCertificate, options.PlatformCa, options.GatewayPin, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TokenSource(sp.GetRequiredService<IHttpClientFactory>(), options, sp.GetRequiredService<TimeProvider>()));
        services.AddTransient<TokenHandler>();
        services.AddTransient<RequestSigningHandler>();
        services.AddTransient<AnswerSignatureHandler>();
        services.AddTransient(sp => new DeAn06Client(sp.GetRequiredService<IDeAn06Api>(), options, sp.GetRequiredService<TimeProvider>()));

        services.AddHttpClient(TokenSource.HttpClientName, http => Configure(http, options))
            .AddStandardResilienceHandler(resilience => Configure(resilience, options));

        IHttpClientBuilder api = services
            .AddRefitGeneratedClient<IDeAn06Api>(sp => new RefitSettings
            {
                ContentSerializer = new SystemTextJsonContentSerializer(Json),
                ExceptionFactory = Problem.ExceptionFactory(sp.GetRequiredService<TimeProvider>()),
                // What the handlers throw (DeAn06SignatureException, a token refusal) and transport
                // failures (HttpRequestException, timeouts) reach the caller as they are, not wrapped.
                TransportExceptionFactory = static (_, exception, _) => exception,
            })
            .ConfigureHttpClient(http => Configure(http, options));
        api.AddStandardResilienceHandler(resilience => Configure(resilience, options));
        return api
            .AddHttpMessageHandler<TokenHandler>()
            .AddHttpMessageHandler<RequestSigningHandler>()
            .AddHttpMessageHandler<AnswerSignatureHandler>();
    }

    private static void Configure(HttpClient http, DeAn06ClientOptions options)
    {
        http.BaseAddress = options.GatewayAddress;
        http.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler's attempt and total timeouts apply
    }

    private static void Configure(HttpStandardResilienceOptions resilience, DeAn06ClientOptions options)
    {
        resilience.Retry.ShouldHandle = RetryRules.ShouldRetry;
        resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts);
        resilience.Retry.ShouldRetryAfterHeader = true;
        resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
        // Room for every attempt and the waits between them (Retry-After can be minutes in maintenance).
        resilience.TotalRequestTimeout.Timeout = options.AttemptTimeout * (options.MaxRetryAttempts + 1) + TimeSpan.FromMinutes(5);
        // The standard handler requires sampling at least twice the attempt timeout.
        resilience.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 2 + TimeSpan.FromSeconds(1);
        resilience.CircuitBreaker.ShouldHandle = RetryRules.BreaksCircuit;
        if (options.MaxRetryAttempts == 0)
        {
            resilience.Retry.ShouldHandle = static _ => ValueTask.FromResult(false);
        }
    }
}
