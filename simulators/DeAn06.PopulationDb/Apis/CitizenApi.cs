using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using System.Text.Encodings.Web;
using System.Text.Json;
using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Json;
using DeAn06.PopulationDb.Json.Documents;
using DeAn06.PopulationDb.Population;

namespace DeAn06.PopulationDb.Apis;

/// <summary>The citizen endpoints: look-up, bulk look-up, verification and demographic search.</summary>
public static class CitizenApi
{
    /// <summary>The most IDs one bulk request may carry.</summary>
    public const int MaxBulkIds = 1000;

    internal const int MaxSingleBodyBytes = 8 * 1024;
    internal const int MaxBulkBodyBytes = 64 * 1024;

    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText KetQua = JsonEncodedText.Encode("KetQua");
    private static readonly JsonEncodedText TimThay = JsonEncodedText.Encode("TimThay");
    private static readonly JsonEncodedText CongDan = JsonEncodedText.Encode("CongDan");
    private static readonly JsonEncodedText Yeucau = JsonEncodedText.Encode("SoDinhDanh");

    public static RouteGroupBuilder MapCitizenApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/v1").WithTags("CongDan");
        api.MapPost("/TraCuuThongTinCongDan", LookupAsync).WithName("TraCuuThongTinCongDan")
            .WithSummary("Look up one citizen by 12-digit ID or 9-digit CMND.")
            .DocumentsBody<LookupRequest>("application/json").Produces<CongDan>().ProducesProblem(StatusCodes.Status404NotFound).WithBodyProblems();
        api.MapPost("/TraCuuThongTinCongDan/bulk", BulkLookupAsync).WithName("TraCuuThongTinCongDanBulk")
            .WithSummary($"Look up up to {MaxBulkIds} IDs or CMND numbers; one answer per number, in order.")
            .DocumentsBody<BulkLookupRequest>("application/json").Produces<BulkLookupResponse>().WithBodyProblems();
        api.MapPost("/XacThucThongTinCongDan", VerificationHandler.VerifyAsync).WithName("XacThucThongTinCongDan")
            .WithSummary("Verify submitted fields: yes/no per field; the record is never returned.")
            .DocumentsBody<VerifyRequest>("application/json").Produces<VerifyResponse>().WithBodyProblems();
        api.MapPost("/TimKiemCongDan", SearchHandler.SearchAsync).WithName("TimKiemCongDan")
            .WithSummary("Candidate IDs by name (diacritics optional) and birth date or year, optionally within a province.")
            .DocumentsBody<SearchRequest>("application/json").Produces<SearchResponse>().WithBodyProblems();
        return api;
    }

    /// <summary>The problems of reading a JSON body: 400 (MALFORMED_JSON, UNKNOWN_FIELD, …), 413 and 415.</summary>
    private static RouteHandlerBuilder WithBodyProblems(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    internal static async Task<IResult> LookupAsync(HttpRequest request, PopulationHolder population, RuntimeCitizens runtime)
    {
        var (body, error) = await JsonRequest.ReadAsync(request, PopulationJsonContext.Default.LookupRequest, MaxSingleBodyBytes);
        if (error is not null)
        {
            return error;
        }

        if ((body!.SoDinhDanh is null) == (body.SoCMND is null))
        {
            return Problems.BadRequest(ErrorCode.MissingField, "Send exactly one of SoDinhDanh (12 digits) or SoCMND (9 digits).");
        }

        string text = body.SoDinhDanh ?? body.SoCMND!;
        if (!Identifier.TryParse(text, out Identifier id) || id.IsCmnd != (body.SoCMND is not null))
        {
            string field = body.SoDinhDanh is not null ? "SoDinhDanh" : "SoCMND";
            return Problems.BadRequest(ErrorCode.InvalidIdFormat, $"{field} {Identifier.Describe(text)}.", new Dictionary<string, object?> { ["field"] = field });
        }

        if (population.Store is not { } store)
        {
            return PopulationProblems.Loading();
        }

        if (runtime.Find(id.Value, id.IsCmnd) is { } added)
        {
            return new JsonWriterResult(w => w.WriteRawValue(added.Full, skipInputValidation: true));
        }

        Citizen? citizen = id.IsCmnd ? store.FindByCmnd((int)id.Value) : store.FindById(id.Value);
        if (citizen is not { } found)
        {
            return PopulationProblems.NotFound("No citizen has this number in the population database.");
        }

        return new JsonWriterResult(w => CitizenJsonWriter.WriteFull(w, found));
    }

    internal static async Task<IResult> BulkLookupAsync(HttpRequest request, PopulationHolder population, RuntimeCitizens runtime)
    {
        var (body, error) = await JsonRequest.ReadAsync(request, PopulationJsonContext.Default.BulkLookupRequest, MaxBulkBodyBytes);
        if (error is not null)
        {
            return error;
        }

        IReadOnlyList<string?>? ids = body!.SoDinhDanh;
        if (ids is null || ids.Count == 0)
        {
            return Problems.BadRequest(ErrorCode.MissingField, $"SoDinhDanh must be a non-empty array of up to {MaxBulkIds} ID or CMND numbers.");
        }

        if (ids.Count > MaxBulkIds)
        {
            return Problems.BadRequest(ErrorCode.TooManyIds, $"A bulk look-up takes at most {MaxBulkIds} numbers (got {ids.Count}); split the list.");
        }

        var parsed = new Identifier[ids.Count];
        List<int>? invalid = null;
        for (int i = 0; i < ids.Count; i++)
        {
            if (!Identifier.TryParse(ids[i], out parsed[i]))
            {
                (invalid ??= []).Add(i);
            }
        }

        if (invalid is not null)
        {
            return Problems.BadRequest(ErrorCode.InvalidIdFormat,
                $"{invalid.Count} number(s) are malformed, the first at index {invalid[0]}: it {Identifier.Describe(ids[invalid[0]])}.",
                new Dictionary<string, object?> { ["invalidIndexes"] = invalid.Take(20).ToArray() });
        }

        if (population.Store is not { } store)
        {
            return PopulationProblems.Loading();
        }

        return new JsonWriterResult(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(KetQua);
            for (int i = 0; i < parsed.Length; i++)
            {
                Identifier id = parsed[i];
                Citizen? citizen = id.IsCmnd ? store.FindByCmnd((int)id.Value) : store.FindById(id.Value);
                RuntimeCitizen? added = citizen.HasValue ? null : runtime.Find(id.Value, id.IsCmnd);
                w.WriteStartObject();
                w.WriteString(Yeucau, ids[i]);
                w.WriteBoolean(TimThay, citizen.HasValue || added is not null);
                if (added is not null)
                {
                    w.WritePropertyName(CongDan);
                    w.WriteRawValue(added.Compact, skipInputValidation: true);
                }
                else if (citizen is { } c)
                {
                    w.WritePropertyName(CongDan);
                    CitizenJsonWriter.WriteCompact(w, c);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
