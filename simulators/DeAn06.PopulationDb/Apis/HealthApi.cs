using DeAn06.ServiceDefaults;
using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Population;

namespace DeAn06.PopulationDb.Apis;

/// <summary>Liveness (the process answers) and readiness (the population exists).</summary>
public static class HealthApi
{
    public static void MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        app.MapGet("/health/ready", (PopulationHolder population) => population.Store is { } store
            ? Results.Ok(new { status = "ready", citizens = store.Count, seed = store.Seed, referenceDate = store.ReferenceDate })
            : PopulationProblems.Loading());
    }
}
