using DeAn06.ServiceDefaults;
using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Json;

namespace DeAn06.PopulationDb.Faults;

/// <summary>
/// GET/PUT /admin/faults: read or replace the fault settings at run time. Answers only to callers on
/// loopback that present the configured X-Admin-Key (see <see cref="Admin.AdminAccess"/>).
/// </summary>
public static class FaultAdminApi
{
    public const string KeyHeader = "X-Admin-Key";

    public static void MapFaultAdminApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder admin = app.MapGroup("/admin").AddEndpointFilter(RequireLoopbackAdmin);
        admin.MapGet("/faults", (FaultInjector faults) => TypedResults.Ok(new { faults.Settings, faults.MaintenanceUntil }));
        admin.MapPut("/faults", PutAsync);
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

    private static ValueTask<object?> RequireLoopbackAdmin(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Admin.AdminAccess.FilterAsync(context, next);
}
