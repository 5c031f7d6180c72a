using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeAn06.Testing;

/// <summary>
/// An OTLP/HTTP (protobuf) endpoint on 127.0.0.1 that services under test export their traces to,
/// each under its own path prefix (<c>/{service}/v1/traces</c>), so a test can tell who saw what.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Service, OtlpSpan Span)> _spans = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new OtlpReceiver(builder.Build());
        receiver._app.MapPost("/{service}/v1/{signal}", async (string service, string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (signal == "traces")
            {
                foreach (OtlpSpan span in OtlpTraceReader.Read(body.GetBuffer().AsSpan(0, (int)body.Length)))
                {
                    receiver._spans.Enqueue((service, span));
                }
            }

            // An empty Export*ServiceResponse: everything accepted.
            return Results.Bytes([], "application/x-protobuf");
        });
        await receiver._app.StartAsync();
        receiver.BaseAddress = new Uri(receiver._app.Urls.First());
        return receiver;
    }

    /// <summary>Command-line settings that make a service export its traces here, promptly, as <paramref name="service"/>.</summary>
    public string[] ArgumentsFor(string service) =>
    [
        $"--OTEL_EXPORTER_OTLP_ENDPOINT={new Uri(BaseAddress, service)}", "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "--OTEL_BSP_SCHEDULE_DELAY=100",
    ];

    /// <summary>The spans <paramref name="service"/> exported so far.</summary>
    public IReadOnlyList<OtlpSpan> SpansOf(string service) => _spans.Where(s => s.Service == service).Select(s => s.Span).ToList();

    /// <summary>Waits (polling, up to <paramref name="timeout"/>) for a span of <paramref name="service"/> that matches; null if none came.</summary>
    public async Task<OtlpSpan?> WaitForAsync(string service, Func<OtlpSpan, bool> match, TimeSpan timeout)
    {
        for (var watch = System.Diagnostics.Stopwatch.StartNew(); ; await Task.Delay(100))
        {
            OtlpSpan? found = SpansOf(service).FirstOrDefault(match);
            if (found is not null || watch.Elapsed > timeout)
            {
                return found;
            }
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
