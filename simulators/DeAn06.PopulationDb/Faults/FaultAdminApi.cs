using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Json;
using Microsoft.Extensions.Options;

namespace DeAn06.PopulationDb.Faults;

/// <summary>
/// GET/PUT /admin/faults: read or replace the fault settings at run time. Answers only to callers on
/// loopback that present the configured X-Admin-Key; with no key configured the admin API is off.
/// </summary>
public static class FaultAdminApi
{
    public const string KeyHeader = "X-Admin-Key";

    public static void MapFaultAdminApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder admin = app.MapGroup("/admin").AddEndpointFilter(RequireLoopbackAdmin);
        admin.MapGet("/faults", (FaultInjector faults) => TypedResults.Ok(new { faults.Settings, faults.MaintenanceUntil }))
            .WithName("GetFaults").WithSummary("Fault settings in force. Loopback only, X-Admin-Key required.")
            .Produces<Json.Documents.FaultState>().ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPut("/faults", PutAsync).WithName("PutFaults").WithSummary("Replace the fault settings; restarts the deterministic fault sequence.")
            .DocumentsBody<FaultSettings>("application/json").Produces<Json.Documents.FaultState>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> PutAsync(HttpRequest request, FaultInjector faults)
    {
        var (settings, error) = await JsonRequest.ReadAsync(request, PopulationJsonContext.Default.FaultSettings, 8 * 1024);
        if (error is not null)
        {
            return error;
        }

        IReadOnlyList<string> errors = settings!.Errors();
        if (errors.Count > 0)
        {
            return Problems.BadRequest(ErrorCode.InvalidFaultSettings, "The fault settings are invalid: " + string.Join("; ", errors),
                new Dictionary<string, object?> { ["errors"] = errors });
        }

        faults.Apply(settings);
        return TypedResults.Ok(new { faults.Settings, faults.MaintenanceUntil });
    }

    private static async ValueTask<object?> RequireLoopbackAdmin(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        string configured = http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.Key ?? "";
        IPAddress? remote = http.Connection.RemoteIpAddress;
        bool loopback = remote is not null && IPAddress.IsLoopback(remote);
        string presented = http.Request.Headers[KeyHeader].ToString();
        bool keyOk = configured.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(configured));
        if (!loopback || !keyOk)
        {
            string why = configured.Length == 0 ? "The admin API is off: set Admin:Key to enable it."
                : !loopback ? "The admin API answers only on loopback."
                : $"Send the configured admin key in the {KeyHeader} header.";
            return Problems.Create(StatusCodes.Status403Forbidden, ErrorCode.AdminForbidden, "Admin access denied.", why);
        }

        return await next(context);
    }
}
