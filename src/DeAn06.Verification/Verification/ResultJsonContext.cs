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
internal sealed partial class ResultJsonContext : JsonSerializerContext;
