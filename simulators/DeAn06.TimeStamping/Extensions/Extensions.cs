using DeAn06.ServiceDefaults;
using DeAn06.TimeStamping.Apis;
using DeAn06.TimeStamping.Issuing;
using DeAn06.TimeStamping.Journal;

namespace DeAn06.TimeStamping.Extensions;

public static class Extensions
{
    /// <summary>Registers the TSA's key, its journal and problem+json handling.</summary>
    public static IHostApplicationBuilder AddTimeStamping(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TimeStampingOptions>().BindConfiguration(TimeStampingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenJournal>();
        builder.Services.AddSingleton<TimeStampAuthority>();
        builder.Services.AddDeAn06ProblemDetails("docs/gateway.md");
        return builder;
    }

    public static WebApplication UseTimeStamping(this WebApplication app)
    {
        // Opened (and created) before the first request, so from its start the TSA's journal exists:
        // an auditor then reads "no tokens issued" from it rather than finding no journal at all.
        _ = app.Services.GetRequiredService<TokenJournal>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints(); // /health/live, /health/ready, /metrics
        app.MapTimeStampApi();
        return app;
    }
}
