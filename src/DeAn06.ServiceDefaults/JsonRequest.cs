using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;


namespace DeAn06.ServiceDefaults;

/// <summary>
/// Reads a JSON request body under a size limit: 415 for a wrong content type, 413 past the limit,
/// 400 for malformed JSON or an unknown member, each with a message that names what to fix.
/// </summary>
public static class JsonRequest
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, int maxBytes)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, CommonErrorCode.UnsupportedMediaType,
                "Unsupported content type.", $"Send the body as application/json (got '{request.ContentType ?? "none"}')."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 64 * 1024));
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        return (null, TooLarge(maxBytes));
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }
            }

            if (length == 0)
            {
                return (null, Problems.BadRequest(CommonErrorCode.MalformedJson, "The request body is empty; send a JSON object."));
            }

            try
            {
                T? value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
                return value is null
                    ? (null, Problems.BadRequest(CommonErrorCode.MalformedJson, "The request body must be a JSON object, not null."))
                    : (value, null);
            }
            catch (JsonException ex) when (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
            {
                return (null, Problems.BadRequest(CommonErrorCode.UnknownField,
                    $"The body has a member this endpoint does not accept at {ex.Path ?? "$"}; QCVN 109 names are case-sensitive (e.g. SoDinhDanh)."));
            }
            catch (JsonException ex)
            {
                return (null, Problems.BadRequest(CommonErrorCode.MalformedJson,
                    $"The body is not valid JSON for this endpoint (at {ex.Path ?? "$"}, line {ex.LineNumber + 1}): check quotes, commas and value types."));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        ReadOnlySpan<char> media = contentType.AsSpan();
        int semicolon = media.IndexOf(';');
        media = (semicolon >= 0 ? media[..semicolon] : media).Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(int maxBytes) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, CommonErrorCode.BodyTooLarge, "The request body is too large.",
            $"This endpoint accepts at most {maxBytes:N0} bytes; split the request.");
}
