using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DeAn06.Verification.Errors;
using DeAn06.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Callers;

/// <summary>
/// Accepts /api/* calls only from the gateway: the caller's sector comes from X-DeAn06-Consumer,
/// which is believed only with the gateway secret (or from loopback, if so configured).
/// </summary>
internal sealed partial class CallerMiddleware(RequestDelegate next, IOptions<CallerOptions> options)
{
    public const string ConsumerHeader = "X-DeAn06-Consumer";
    public const string ProvinceHeader = "X-DeAn06-Province";
    public const string SecretHeader = "X-DeAn06-Gateway-Secret";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        CallerOptions o = options.Value;
        bool trusted = o.Trust == CallerTrust.Loopback
            ? context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
            : SecretMatches(context.Request.Headers[SecretHeader].ToString(), o.GatewaySecret!);
        if (!trusted)
        {
            await Problems.Create(StatusCodes.Status401Unauthorized, ErrorCode.CallerNotTrusted, "Call through the gateway.",
                "The verification service answers only calls relayed by the DeAn06 gateway; send your request to the gateway with your access token.").ExecuteAsync(context);
            return;
        }

        string consumer = context.Request.Headers[ConsumerHeader].ToString();
        string province = context.Request.Headers[ProvinceHeader].ToString();
        if (!SectorCode().IsMatch(consumer) || (province.Length > 0 && !ProvinceCode().IsMatch(province)))
        {
            await Problems.Create(StatusCodes.Status400BadRequest, ErrorCode.CallerHeadersInvalid, "Caller headers are invalid.",
                $"{ConsumerHeader} must be a sector code such as BHXH (2–32 of A–Z, 0–9, _ or -), and {ProvinceHeader}, if sent, two digits such as 06.").ExecuteAsync(context);
            return;
        }

        context.Features.Set(new Caller(consumer.ToUpperInvariant(), province.Length == 0 ? "00" : province));
        await next(context);
    }

    private static bool SecretMatches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    [GeneratedRegex("^[A-Za-z0-9_-]{2,32}$")]
    private static partial Regex SectorCode();

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex ProvinceCode();
}
