using System.Text.Json.Serialization;
using DeAn06.Contracts;

namespace DeAn06.Verification.Verification;

/// <summary>Response JSON: camelCase, nulls omitted, Vietnamese text unescaped.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VerificationResponse))]
[JsonSerializable(typeof(VerifyManyResponse))]
[JsonSerializable(typeof(VerificationResult))]
[JsonSerializable(typeof(JobStatusResponse))]
[JsonSerializable(typeof(IReadOnlyList<CandidateResult>))]
[JsonSerializable(typeof(IReadOnlyList<JobStatusResponse>))]
[JsonSerializable(typeof(IReadOnlyList<ResultSample>))]
internal sealed partial class ResultJsonContext : JsonSerializerContext
{
    /// <summary>The context to use: like <see cref="Default"/>, but Vietnamese text and quotes written as they are, not \u-escaped.</summary>
    public static ResultJsonContext Relaxed { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
