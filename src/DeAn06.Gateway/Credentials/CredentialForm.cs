using System.Text;
using DeAn06.Gateway.Errors;
using DeAn06.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace DeAn06.Gateway.Credentials;

/// <summary>
/// Reads the small application/x-www-form-urlencoded body of a sign-in (/connect/token, /ops/login)
/// under tight limits, turning every malformed or oversized body into a 4xx problem. The framework's
/// form reader throws on such bodies, which the gateway answered with 500.
/// </summary>
internal static class CredentialForm
{
    /// <summary>Bytes a sign-in form may have; a real one has a few hundred.</summary>
    public const int MaxBytes = 16 * 1024;

    private const int MaxFields = 16;

    /// <summary>The form's fields, or the problem to answer with.</summary>
    public static async Task<(Dictionary<string, StringValues>? Form, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? type)
            || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(StatusCodes.Status400BadRequest, ErrorCode.InvalidRequest,
                "Send the body as application/x-www-form-urlencoded (grant_type, client_id, client_secret)."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        byte[]? body;
        try
        {
            body = await ReadLimitedAsync(request.Body, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge()
                : Problem(StatusCodes.Status400BadRequest, ErrorCode.MalformedForm, "The body ended before its declared length; send the whole form."));
        }

        if (body is null)
        {
            return (null, TooLarge());
        }

        try
        {
            var reader = new FormReader(Encoding.UTF8.GetString(body)) { ValueCountLimit = MaxFields, KeyLengthLimit = 64, ValueLengthLimit = 4096 };
            return (reader.ReadForm(), null);
        }
        catch (InvalidDataException)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, ErrorCode.MalformedForm,
                $"The form has too many fields (at most {MaxFields}) or a name or value that is too long; send only grant_type, client_id and client_secret."));
        }
    }

    /// <summary>The whole body, or null once it passes <see cref="MaxBytes"/> (whatever Content-Length said, or if it said nothing).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge() => Problem(StatusCodes.Status413PayloadTooLarge, ErrorCode.BodyTooLarge,
        $"A sign-in form may have at most {MaxBytes:N0} bytes; send only grant_type, client_id and client_secret.");

    private static ProblemHttpResult Problem(int status, string code, string detail) =>
        Problems.Create(status, code, "The sign-in request was refused.", detail, new Dictionary<string, object?> { ["error"] = "invalid_request", ["error_description"] = detail });
}
