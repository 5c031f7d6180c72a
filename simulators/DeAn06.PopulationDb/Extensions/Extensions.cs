using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Admin;
using DeAn06.PopulationDb.Faults;
using DeAn06.PopulationDb.Journal;
using DeAn06.PopulationDb.Apis;
using DeAn06.PopulationDb.Population;

namespace DeAn06.PopulationDb.Extensions;

public static class Extensions
{
    /// <summary>Registers the population, fault injection and problem+json handling.</summary>
    public static IHostApplicationBuilder AddPopulationDb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PopulationOptions>().BindConfiguration(PopulationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<FaultSettings>().BindConfiguration(FaultSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PopulationHolder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PopulationHolder>());
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<FaultRules>();
        builder.Services.AddSingleton<RequestJournal>();
        builder.Services.AddSingleton<RuntimeCitizens>();
        builder.Services.AddSingleton<Metrics.PopulationDbMetrics>();
        builder.Services.AddHealthChecks().AddCheck<PopulationReadyCheck>("population");
        builder.Services.AddDeAn06ProblemDetails(OpenApiExtensions.DocumentPath);
        builder.Services.AddDeAn06OpenApi(new ContractOptions
        {
            Title = "Simulated national population database (CSDLQG về dân cư)",
            Description = "Look-up, bulk look-up, verification and demographic search over a deterministic synthetic population, with QCVN 109 field names and codes: "
                + "dates yyyyMMdd, GioiTinh \"0\"/\"1\"/\"2\" (the verification service takes dd/MM/yyyy and Nam/Nữ and converts). "
                + "Fault injection (latency, errors, throttling, maintenance) through /admin/faults. Errors are RFC 9457 problem+json with a stable `code`.",
            ErrorCodes = typeof(ErrorCode),
            PascalCaseTypes =
            [
                typeof(Json.LookupRequest), typeof(Json.BulkLookupRequest), typeof(Json.VerifyRequest), typeof(Json.SearchRequest), typeof(FaultSettings),
                typeof(Json.Documents.HoVaTen), typeof(Json.Documents.NgayThangNamSinh), typeof(Json.Documents.DiaChi), typeof(Json.Documents.NguoiLienQuan),
                typeof(Json.Documents.ChuHo), typeof(Json.Documents.ChetMatTich), typeof(Json.Documents.CongDanCompact), typeof(Json.Documents.CongDan),
                typeof(Json.Documents.BulkLookupItem), typeof(Json.Documents.BulkLookupResponse), typeof(Json.Documents.VerifyResponse),
                typeof(Json.Documents.SearchCandidate), typeof(Json.Documents.SearchResponse),
            ],
            SchemaTypes = OpenApi.PopulationSchemas.Types,
            EditSchema = OpenApi.PopulationSchemas.Edit,
        }, o => o.AddOperationTransformer<OpenApi.FaultResponsesTransformer>());
        return builder;
    }

    /// <summary>The middleware pipeline and every endpoint.</summary>
    public static WebApplication UsePopulationDb(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ServerTimingMiddleware>();
        app.UseMiddleware<JournalMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.MapDefaultEndpoints(); // /health/live, /health/ready (the population exists), /metrics
        app.MapDeAn06OpenApi();
        app.MapCitizenApi();
        app.MapFaultAdminApi();
        app.MapAdminApi();
        return app;
    }
}
