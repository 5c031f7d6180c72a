using DeAn06.Gateway.Authentication;
using DeAn06.Gateway.Authorization;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Credentials;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.OpenApi;
using DeAn06.Gateway.Quotas;
using DeAn06.Gateway.RateLimiting;
using DeAn06.Gateway.Routing;
using DeAn06.Gateway.Tokens;
using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Extensions;

internal static class Extensions
{
    /// <summary>
    /// Registers the reverse proxy (routes and clusters from "ReverseProxy"), the consumer registry
    /// (section "Consumers", also read from consumers.json beside the app), tokens and rate limits.
    /// </summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddJsonFile("consumers.json", optional: true, reloadOnChange: true);
        IServiceCollection s = builder.Services;
        s.AddOptions<ConsumerRegistry>().BindConfiguration(ConsumerRegistry.SectionName).ValidateOnStart();
        s.AddSingleton<IValidateOptions<ConsumerRegistry>, ConsumerRegistryValidator>();
        s.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        s.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton<SigningKeys>();
        s.AddSingleton<TokenService>();
        s.AddSingleton<ConsumerLimiter>();
        // Who calls (JwtBearer over our tokens), what it may call (a policy per service), how often
        // (a rate limiter policy per consumer), and what the upstream is told (a YARP transform).
        s.AddGatewayAuthentication();
        s.AddServicePolicies();
        s.AddConsumerRateLimits();
        s.AddGatewayRouting();
        s.AddSingleton<Metrics.GatewayMetrics>();
        s.AddBatchQuota(); // BatchQuota:Store: in this process, or PostgreSQL shared by a cluster's gateways
        s.AddOptions<Signing.SignatureOptions>().BindConfiguration(Signing.SignatureOptions.SectionName);
        s.AddSingleton<Signing.MessageSignatures>();
        s.AddOptions<MessageLogOptions>().BindConfiguration(MessageLogOptions.SectionName)
            .Configure<IConfiguration>((o, config) =>
            {
                o.ConnectionString ??= config.GetConnectionString(MessageLogOptions.ConnectionStringName);
                o.NodeId ??= MessageLogNode.DefaultId(config);
            })
            .ValidateDataAnnotations().ValidateOnStart();
        s.AddSingleton<MessageLogWriter>();
        s.AddHostedService(sp => sp.GetRequiredService<MessageLogWriter>());
        s.AddHostedService<MessageLogCheckpointer>();
        s.AddDeAn06ProblemDetails("docs/gateway.md");
        s.AddGatewayOpenApi(); // GET /openapi/v1.json: contracts/gateway.openapi.json, generated
        s.AddSingleton<Operations.OperatorAuth>();
        s.AddClientCredentials();
        s.AddSingleton<Operations.VerificationClient>();
        s.AddSingleton<Operations.PopulationDbWatch>();
        s.AddRequestTimeouts(); // per-route "Timeout" in ReverseProxy:Routes
        // The upstream HTTP clients (trace propagation, Unix-socket destinations): AddGatewayRouting.
        s.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        s.SendHeldBodiesWhole(); // wraps the upstream HttpClient factory registered last (AddGatewayRouting's)
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<RequestIdMiddleware>();
        // Outside the error pages, so the answers they write are held and logged like any other.
        app.UseMiddleware<MessageLogMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints(Errors.ErrorCode.AccessDenied); // /health/live, /health/ready, /metrics (loopback only)
        app.UseRouting();
        app.UseRequestTimeouts();
        // Routes name their AuthorizationPolicy and RateLimiterPolicy (ReverseProxy:Routes); see docs/gateway.md.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapTokenApi();
        app.MapDeAn06OpenApi();
        Operations.OperationsEndpoints.MapOperations(app);
        app.MapMessageLogNodes(); // GET /ops/api/nodes: every gateway node's chain, for the operators' page
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<UpstreamTimeoutMiddleware>();
            proxy.UseMiddleware<ClientBodyFaultMiddleware>();
            proxy.UseMiddleware<UpgradeRefusalMiddleware>();
            proxy.UseMiddleware<Quotas.BatchQuotaMiddleware>();
            proxy.UseMiddleware<Signing.RequestSignatureMiddleware>();
            proxy.UseMiddleware<Signing.ResponseSignatureMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
