namespace DeAn06.Testing;

/// <summary>
/// Reads the spans out of an OTLP ExportTraceServiceRequest (protobuf). Written here because the
/// registry copy serves no OTLP proto package (OpenTelemetry.Proto is not served) and the test needs
/// only a handful of fields: resource_spans(1) → scope_spans(2) → spans(2) → trace_id(1),
/// span_id(2), parent_span_id(4), name(5), kind(6), links(13) → trace_id(1).
/// </summary>
public static class OtlpTraceReader
{
    public static IReadOnlyList<OtlpSpan> Read(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var (field, resourceSpans) in Fields(request))
        {
            if (field != 1)
            {
                continue;
            }

            foreach (var (f2, scopeSpans) in Fields(resourceSpans.Span))
            {
                if (f2 != 2)
                {
                    continue;
                }

                foreach (var (f3, span) in Fields(scopeSpans.Span))
                {
                    if (f3 == 2)
                    {
                        spans.Add(Span(span.Span));
                    }
                }
            }
        }

        return spans;
    }

    private static OtlpSpan Span(ReadOnlySpan<byte> span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        int kind = 0;
        var links = new List<string>();
        int i = 0;
        while (i < span.Length)
        {
            (int field, int wire) = Tag(span, ref i);
            if (wire == 0)
            {
                ulong value = Varint(span, ref i);
                if (field == 6)
                {
                    kind = (int)value;
                }

                continue;
            }

            if (wire != 2)
            {
                i += wire switch { 1 => 8, 5 => 4, _ => throw new FormatException($"Unexpected wire type {wire}.") };
                continue;
            }

            ReadOnlySpan<byte> bytes = LengthDelimited(span, ref i);
            switch (field)
            {
                case 1: traceId = Convert.ToHexStringLower(bytes); break;
                case 2: spanId = Convert.ToHexStringLower(bytes); break;
                case 4: parent = Convert.ToHexStringLower(bytes); break;
                case 5: name = System.Text.Encoding.UTF8.GetString(bytes); break;
                case 13:
                    foreach (var (lf, linkTrace) in Fields(bytes))
                    {
                        if (lf == 1)
                        {
                            links.Add(Convert.ToHexStringLower(linkTrace.Span));
                        }
                    }

                    break;
            }
        }

        return new OtlpSpan(traceId, spanId, parent, name, kind, links);
    }

    /// <summary>The length-delimited fields of a message (sub-messages, bytes, strings); the others are skipped.</summary>
    private static List<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new List<(int, ReadOnlyMemory<byte>)>();
        int i = 0;
        while (i < message.Length)
        {
            (int field, int wire) = Tag(message, ref i);
            switch (wire)
            {
                case 0: Varint(message, ref i); break;
                case 1: i += 8; break;
                case 5: i += 4; break;
                case 2: fields.Add((field, LengthDelimited(message, ref i).ToArray())); break;
                default: throw new FormatException($"Unexpected wire type {wire}.");
            }
        }

        return fields;
    }

    private static (int Field, int Wire) Tag(ReadOnlySpan<byte> data, ref int i)
    {
        ulong tag = Varint(data, ref i);
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    private static ReadOnlySpan<byte> LengthDelimited(ReadOnlySpan<byte> data, ref int i)
    {
        int length = checked((int)Varint(data, ref i));
        ReadOnlySpan<byte> value = data.Slice(i, length);
        i += length;
        return value;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int i)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
