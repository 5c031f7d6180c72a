using System.Text.Json;
using DeAn06.Matching.Ids;
using DeAn06.PopulationDb.Apis;
using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Faults;
using DeAn06.PopulationDb.Journal;
using DeAn06.PopulationDb.Json;
using DeAn06.PopulationDb.Population;
using DeAn06.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeAn06.PopulationDb.Admin;

/// <summary>
/// What an integrator scripts at run time, beside /admin/faults: targeted fault rules and canned answers
/// (/admin/rules), the request journal (/admin/journal) and citizens of their own (/admin/citizens).
/// Same guard as /admin/faults (<see cref="AdminAccess"/>).
/// </summary>
public static class AdminApi
{
    private const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder admin = app.MapGroup("/admin").AddEndpointFilter(AdminAccess.FilterAsync).WithTags("Admin");
        admin.MapGet("/rules", ListRules).WithName("GetFaultRules");
        admin.MapPost("/rules", AddRuleAsync).WithName("AddFaultRule");
        admin.MapDelete("/rules", ClearRules).WithName("ClearFaultRules");
        admin.MapDelete("/rules/{id}", RemoveRule).WithName("RemoveFaultRule");
        admin.MapGet("/journal", ReadJournal).WithName("GetJournal");
        admin.MapDelete("/journal", ClearJournal).WithName("ClearJournal");
        admin.MapGet("/citizens", ListCitizens).WithName("GetRuntimeCitizens");
        admin.MapPost("/citizens", AddCitizenAsync).WithName("AddRuntimeCitizen");
        admin.MapDelete("/citizens/{soDinhDanh}", RemoveCitizen).WithName("RemoveRuntimeCitizen");
        return admin;
    }

    internal static Ok<FaultRuleView[]> ListRules(FaultRules rules) =>
        TypedResults.Ok(rules.All.Select(r => new FaultRuleView(r.Id, r.Rule)).ToArray());

    internal static async Task<Results<Created<FaultRuleView>, ProblemHttpResult>> AddRuleAsync(HttpRequest request, FaultRules rules)
    {
        var (rule, error) = await JsonRequest.ReadAsync(request, PopulationJsonContext.Default.FaultRule, MaxBodyBytes);
        if (error is not null)
        {
            return error as ProblemHttpResult ?? Invalid(ErrorCode.InvalidFaultRule, "The fault rule is not valid JSON of the expected shape: see the contract's FaultRule.", []);
        }

        IReadOnlyList<string> errors = FaultRuleValidator.Errors(rule!);
        if (errors.Count > 0)
        {
            return Invalid(ErrorCode.InvalidFaultRule, "The fault rule is invalid: " + string.Join("; ", errors), errors);
        }

        if (rules.Add(rule!) is not { } id)
        {
            return Invalid(ErrorCode.InvalidFaultRule, $"At most {FaultRules.MaxRules} rules at once; remove some (DELETE /admin/rules).", []);
        }

        return TypedResults.Created($"/admin/rules/{id}", new FaultRuleView(id, rule!));
    }

    internal static NoContent ClearRules(FaultRules rules)
    {
        rules.Clear();
        return TypedResults.NoContent();
    }

    internal static Results<NoContent, ProblemHttpResult> RemoveRule(string id, FaultRules rules) =>
        rules.Remove(id) ? TypedResults.NoContent()
            : Problems.Create(StatusCodes.Status404NotFound, ErrorCode.FaultRuleNotFound, "No such fault rule.", $"No rule has the id '{id}'; GET /admin/rules lists them.");

    internal static Results<Ok<JournalView>, ProblemHttpResult> ReadJournal(RequestJournal journal, string? last)
    {
        int count = journal.Capacity;
        if (last is not null && (!int.TryParse(last, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count < 1))
        {
            return Problems.BadRequest(ErrorCode.InvalidParameterValue, $"last must be a whole number of calls from 1 to {journal.Capacity} (got '{last}').");
        }

        return TypedResults.Ok(new JournalView(journal.Capacity, journal.Last(count)));
    }

    internal static NoContent ClearJournal(RequestJournal journal)
    {
        journal.Clear();
        return TypedResults.NoContent();
    }

    internal static Ok<RuntimeCitizenView[]> ListCitizens(RuntimeCitizens citizens) =>
        TypedResults.Ok(citizens.All.Select(View).ToArray());

    internal static async Task<Results<Created<RuntimeCitizenView>, ProblemHttpResult>> AddCitizenAsync(HttpRequest request, RuntimeCitizens citizens, PopulationHolder population)
    {
        var (input, error) = await JsonRequest.ReadAsync(request, PopulationJsonContext.Default.CitizenInput, MaxBodyBytes);
        if (error is not null)
        {
            return error as ProblemHttpResult ?? Invalid(ErrorCode.InvalidCitizen, "The citizen is not valid JSON of the expected shape: see the contract's RuntimeCitizen.", []);
        }

        var (citizen, errors) = RuntimeCitizenFactory.Create(input!);
        if (citizen is null)
        {
            return Invalid(ErrorCode.InvalidCitizen, "The citizen is invalid: " + string.Join("; ", errors), errors);
        }

        if (population.Store is not { } store)
        {
            return PopulationProblems.Loading();
        }

        bool generated = store.FindById(citizen.Id) is not null || (citizen.Cmnd != 0 && store.FindByCmnd(citizen.Cmnd) is not null);
        if (generated || !citizens.TryAdd(citizen))
        {
            string why = citizens.Count >= RuntimeCitizens.MaxCount ? $"at most {RuntimeCitizens.MaxCount} citizens can be added"
                : "a citizen already has this ID or CMND number (to change what a generated citizen's look-up answers, add a rule with a Body)";
            return Problems.Create(StatusCodes.Status409Conflict, ErrorCode.CitizenExists, "Citizen not added.", $"Not added: {why}.");
        }

        return TypedResults.Created($"/admin/citizens/{citizen.Id:D12}", View(citizen));
    }

    internal static Results<NoContent, ProblemHttpResult> RemoveCitizen(string soDinhDanh, RuntimeCitizens citizens)
    {
        if (!Identifier.TryParse(soDinhDanh, out Identifier id) || id.IsCmnd)
        {
            return Problems.BadRequest(ErrorCode.InvalidIdFormat, $"The ID {Identifier.Describe(soDinhDanh)}; it must be the 12-digit personal ID number.");
        }

        return citizens.Remove(id.Value) ? TypedResults.NoContent()
            : Problems.Create(StatusCodes.Status404NotFound, ErrorCode.CitizenNotFound, "No such citizen.", "No citizen with this ID was added at run time; GET /admin/citizens lists them.");
    }

    private static RuntimeCitizenView View(RuntimeCitizen c) => new(PersonalId.Mask(c.Id), "POST /api/v1/TraCuuThongTinCongDan");

    private static ProblemHttpResult Invalid(string code, string detail, IReadOnlyList<string> errors) =>
        Problems.BadRequest(code, detail, new Dictionary<string, object?> { ["errors"] = errors });
}
