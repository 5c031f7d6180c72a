using DeAn06.Gateway.Consumers;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace DeAn06.Gateway.Authentication;

/// <summary>
/// Two JWT bearer schemes over the gateway's own ES256 tokens (<see cref="Tokens.TokenService"/>, with
/// its cache of validated tokens): <see cref="Bearer"/>, the default, reads <c>Authorization: Bearer</c>;
/// <see cref="OperatorCookie"/> reads the operators' page cookie when no bearer header is sent. Either
/// sets the request's <see cref="IConsumerFeature"/> once.
/// </summary>
internal static class GatewayAuthentication
{
    public const string Bearer = JwtBearerDefaults.AuthenticationScheme;
    public const string OperatorCookie = "OperatorCookie";

    /// <summary>The operators' page keeps its token in this HttpOnly, SameSite=Strict cookie (path /ops).</summary>
    public const string OperatorCookieName = "dean06_ops";

    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<ConsumerIdentity>();
        services.AddSingleton<GatewayTokenHandler>();
        services.AddSingleton<BearerEvents>();
        services.AddSingleton<OperatorCookieEvents>();
        services.AddAuthentication(Bearer).AddJwtBearer(Bearer, _ => { }).AddJwtBearer(OperatorCookie, _ => { });
        services.AddOptions<JwtBearerOptions>(Bearer).Configure<GatewayTokenHandler>((o, handler) => Configure(o, handler, typeof(BearerEvents)));
        services.AddOptions<JwtBearerOptions>(OperatorCookie).Configure<GatewayTokenHandler>((o, handler) => Configure(o, handler, typeof(OperatorCookieEvents)));
        return services;
    }

    private static void Configure(JwtBearerOptions options, GatewayTokenHandler handler, Type events)
    {
        // Our handler alone decides (exact shape, ES256, our keys, injected clock); no metadata document.
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(handler);
        options.MapInboundClaims = false;
        options.RefreshOnIssuerKeyNotFound = false;
        options.EventsType = events; // singletons: resolved per request without allocating
        // Nothing reads the token back from the authentication properties (GetTokenAsync); storing it
        // cost a dictionary and its strings on every request.
        options.SaveToken = false;
    }
}
