using DeAn06.Matching.Policies;
using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using DeAn06.Verification.Apis;
using DeAn06.Verification.Batch;
using DeAn06.Verification.Callers;
using DeAn06.Verification.Statistics;
using DeAn06.Verification.Storage;
using DeAn06.Verification.Storage.PostgreSql;
using DeAn06.Verification.Upstream;
using DeAn06.Verification.Verification;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddVerification(this IHostApplicationBuilder builder)
    {
        IServiceCollection s = builder.Services;
        s.AddOptions<UpstreamOptions>().BindConfiguration(UpstreamOptions.SectionName).ValidateDataAnnotations().Validate(
            o => Valid(o.Realtime) && Valid(o.Batch), "Upstream:Realtime and Upstream:Batch must each hold valid resilience settings.").ValidateOnStart();
        s.AddOptions<CallerOptions>().BindConfiguration(CallerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        s.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Configure<IConfiguration>((o, config) => o.ConnectionString ??= config.GetConnectionString(StorageOptions.ConnectionStringName))
            .ValidateDataAnnotations().ValidateOnStart();
        s.AddOptions<BatchOptions>().BindConfiguration(BatchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        s.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.SectionName).ValidateOnStart();
        s.AddSingleton<IValidateOptions<MatchingOptions>, MatchingOptionsValidator>();

        s.AddSingleton(TimeProvider.System);
        s.AddSingleton<SqliteStore>();
        s.AddSingleton<PostgreSqlStore>();
        s.AddSingleton<IJobStore>(Store);
        s.AddSingleton<IStatisticsStore>(sp => (IStatisticsStore)Store(sp));
        s.AddHealthChecks().AddCheck<StorageReadyCheck>("storage");
        s.AddSingleton<UpstreamPipelines>();
        // The Polly pipeline owns timeouts; the base address is read per request (see PopulationDbClient).
        s.AddHttpClient<IPopulationDb, PopulationDbClient>(http => http.Timeout = Timeout.InfiniteTimeSpan).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 32, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        s.AddSingleton<Verifier>();
        s.AddSingleton<StatisticsRecorder>();
        s.AddHostedService(sp => sp.GetRequiredService<StatisticsRecorder>());
        s.AddSingleton<JobSignal>();
        s.AddSingleton<JobProgress>();
        s.AddSingleton<ParsedChunks>();
        s.AddSingleton<JobIntake>();
        s.AddSingleton<BatchTracing>();
        s.AddSingleton<Metrics.VerificationMetrics>();
        s.AddHostedService<JobWorker>();
        s.AddSingleton<PersonalDataPurge>();
        s.AddHostedService(sp => sp.GetRequiredService<PersonalDataPurge>());
        s.AddDeAn06ProblemDetails(OpenApiExtensions.DocumentPath);
        s.AddDeAn06OpenApi(new ContractOptions
        {
            Title = "DeAn06 citizen-verification service",
            Description = "Verifies sector records against the population DB: in real time (one record, or up to 100) and as durable batch jobs; keeps match statistics. "
                + "Called only through the gateway, which sets X-DeAn06-Consumer (the sector) and proves itself with X-DeAn06-Gateway-Secret. "
                + "Responses carry verdicts and masked IDs, never a citizen's record. Errors are RFC 9457 problem+json with a stable `code`.",
            ErrorCodes = typeof(Errors.ErrorCode),
            PascalCaseTypes = [typeof(DeAn06.Contracts.VerificationRecord), typeof(DeAn06.Contracts.VerifyManyRequest)],
            SchemaTypes = OpenApi.VerificationSchemas.Types,
            EditSchema = OpenApi.VerificationSchemas.Edit,
        }, o => o.AddOperationTransformer<OpenApi.CallerHeadersTransformer>());
        return builder;
    }

    public static WebApplication UseVerification(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ServerTimingMiddleware>();
        app.UseMiddleware<CallerMiddleware>();
        app.MapDefaultEndpoints(); // /health/live, /health/ready (the store is open), /metrics
        app.MapDeAn06OpenApi();
        app.MapVerificationApi();
        app.MapJobsApi();
        app.MapStatisticsApi();
        app.MapOperationsApi();
        return app;
    }

    /// <summary>The store <c>Storage:Provider</c> names: SQLite (the embedded default) or PostgreSQL.</summary>
    private static IJobStore Store(IServiceProvider sp) =>
        sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.PostgreSql
            ? sp.GetRequiredService<PostgreSqlStore>()
            : sp.GetRequiredService<SqliteStore>();

    private static bool Valid(ResilienceOptions o) =>
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(o, new(o), null, validateAllProperties: true);
}
