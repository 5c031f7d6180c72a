using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
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
        admin.MapGet("/faults", (FaultInjector faults) => TypedResults.Ok(new { faults.Settings, faults.MaintenanceUntil }))
            .WithName("GetFaults").WithSummary("Fault settings in force. Loopback only, X-Admin-Key required.")
            .Produces<Json.Documents.FaultState>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPut("/faults", PutAsync).WithName("PutFaults").WithSummary("Replace the fault settings; restarts the deterministic fault sequence.")
            .DocumentsBody<FaultSettings>("application/json").Produces<Json.Documents.FaultState>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
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

    private static ValueTask<object?> RequireLoopbackAdmin(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Admin.AdminAccess.FilterAsync(context, next);
}
