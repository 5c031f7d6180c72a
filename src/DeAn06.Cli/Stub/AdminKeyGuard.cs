using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeAn06.Cli.Stub;

/// <summary>
/// Answers 401 to any <c>/__admin</c> call without the stub's credentials, before WireMock sees it.
/// WireMock's own basic authentication stays on behind it, but 1.25 answers wrong credentials with
/// 500 "Authentication failed" (only missing ones get a 401); a client must be told plainly.
/// </summary>
internal static class AdminKeyGuard
{
    public static void Use(object app, string user, string key)
    {
        byte[] expected = Encoding.UTF8.GetBytes("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{key}")));
        ((IApplicationBuilder)app).Use(async (HttpContext context, RequestDelegate next) =>
        {
            if (context.Request.Path.StartsWithSegments("/__admin", StringComparison.OrdinalIgnoreCase)
                && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"dean06 stub admin\"";
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"Status":"The admin API needs the user and key dean06 stub printed at start (HTTP basic authentication)."}""");
                return;
            }

            await next(context);
        });
    }
}
