using DeAn06.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace DeAn06.Gateway.Tests.Metrics;

/// <summary>Tracing costs nothing unless an OTLP endpoint is configured: without one, no tracer provider exists.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TelemetryDefaultsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Services_NoOtlpEndpoint_NoTracerProvider()
    {
        await using var gateway = fixture.CreateGateway();
        _ = gateway.CreateClient();
        Assert.Null(gateway.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Services_OtlpEndpointConfigured_TracerProvider()
    {
        await using var gateway = fixture.CreateGateway(settings: ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"));
        _ = gateway.CreateClient();
        Assert.NotNull(gateway.Services.GetService<TracerProvider>());
    }
}
