using System.Buffers;
using System.Text.Json;

namespace DeAn06.PopulationDb.Journal;

/// <summary>
/// Reads the numbers in SoDinhDanh/SoCMND (a string or an array of strings) from a request body without
/// consuming it: the body is buffered and rewound for the endpoint, which then reads and validates it as
/// usual. Lenient on purpose: a body it cannot parse yields no numbers and the endpoint reports the error.
/// </summary>
internal static class RequestedNumbersReader
{
    /// <summary>Bodies longer than the bulk endpoint's limit are the endpoint's to refuse; only this much is read.</summary>
    private const int MaxBytes = Apis.CitizenApi.MaxBulkBodyBytes;

    public static async Task<IReadOnlyList<string>> ReadAsync(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) || request.ContentLength is > MaxBytes)
        {
            return [];
        }

        request.EnableBuffering(MaxBytes + 1);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            int length = 0;
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), request.HttpContext.RequestAborted)) > 0)
            {
                length += read;
            }

            request.Body.Position = 0;
            return length > MaxBytes ? [] : Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static IReadOnlyList<string> Parse(ReadOnlySpan<byte> json)
    {
        var numbers = new List<string>();
        var reader = new Utf8JsonReader(json);
        try
        {
            bool inNumbers = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        inNumbers = reader.CurrentDepth == 1 && (reader.ValueTextEquals("SoDinhDanh"u8) || reader.ValueTextEquals("SoCMND"u8));
                        break;
                    case JsonTokenType.String when inNumbers:
                        numbers.Add(reader.GetString()!);
                        inNumbers = reader.CurrentDepth == 2; // inside the bulk array: keep reading its items
                        break;
                    case JsonTokenType.EndArray:
                        inNumbers = false;
                        break;
                    case JsonTokenType.StartArray when inNumbers:
                        break;
                    default:
                        if (reader.CurrentDepth <= 1)
                        {
                            inNumbers = false;
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The endpoint reports the malformed body; the journal keeps what was read.
        }

        return numbers;
    }
}
