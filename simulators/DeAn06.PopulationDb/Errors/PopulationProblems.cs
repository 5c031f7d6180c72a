using DeAn06.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeAn06.PopulationDb.Errors;

/// <summary>The simulator's own problem responses.</summary>
internal static class PopulationProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        Problems.Create(StatusCodes.Status404NotFound, ErrorCode.CitizenNotFound, "No such citizen.", detail);

    public static ProblemHttpResult Loading() =>
        Problems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCode.PopulationLoading, "The population is still being generated.",
            "The simulator is generating its population; retry in a few seconds or wait for /health/ready.");
}
