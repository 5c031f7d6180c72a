namespace DeAn06.Testing;

/// <summary>One span as a service exported it over OTLP (ids in lower-case hex, as in traceparent).</summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyList<string> LinkedTraceIds)
{
    /// <summary>SPAN_KIND_SERVER.</summary>
    public const int Server = 2;

    /// <summary>SPAN_KIND_CLIENT.</summary>
    public const int Client = 3;
}
