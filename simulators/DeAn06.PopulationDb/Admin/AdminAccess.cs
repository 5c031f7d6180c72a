using System.Net;
using System.Security.Cryptography;
using System.Text;
using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Faults;
using DeAn06.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace DeAn06.PopulationDb.Admin;

/// <summary>
/// The admin API's guard: off (403) without a configured key, loopback only (403), and the key in
/// X-Admin-Key (401 without it or with another). Keys are compared as SHA-256 digests in constant
/// time, so neither their content nor their length shows in the answer's timing.
/// </summary>
internal static class AdminAccess
{
    public const string KeyHeader = "X-Admin-Key";

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        string configured = http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.Key ?? "";
        if (configured.Length == 0)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, ErrorCode.AdminForbidden, "Admin access denied.",
                "The admin API is off: set Admin:Key to enable it ('dean06 up --faults' does, and prints the key).");
        }

        if (http.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, ErrorCode.AdminForbidden, "Admin access denied.", "The admin API answers only on loopback.");
        }

        if (!KeyMatches(http.Request.Headers[KeyHeader].ToString(), configured))
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, ErrorCode.AdminKeyRequired, "Admin key required.",
                $"Send the admin key in the {KeyHeader} header ('dean06 up --faults' prints it).");
        }

        return await next(context);
    }

    internal static bool KeyMatches(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
