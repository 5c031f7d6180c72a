namespace DeAn06.ServiceDefaults.Telemetry;

/// <summary>Names the services' own telemetry is published under, and the settings that turn exports on.</summary>
public static class TelemetryNames
{
    /// <summary>Every meter and activity source of ours starts with this; telemetry subscribes to "DeAn06.*".</summary>
    public const string Prefix = "DeAn06.";

    /// <summary>
    /// The standard OpenTelemetry setting (environment variable, or any configuration source such as
    /// appsettings.json or --OTEL_EXPORTER_OTLP_ENDPOINT=...). Unset, nothing is exported over OTLP and
    /// no trace is recorded.
    /// </summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Where Prometheus scrapes each service.</summary>
    public const string MetricsPath = "/metrics";
}
