using DeAn06.ServiceDefaults;
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
        builder.Services.AddDeAn06ProblemDetails("contracts/population-db.openapi.json");
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
        app.MapCitizenApi();
        app.MapFaultAdminApi();
        app.MapAdminApi();
        return app;
    }
}
