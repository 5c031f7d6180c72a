using System.Text.Json.Serialization;
using DeAn06.Contracts;

namespace DeAn06.Verification.Verification;

/// <summary>Strict request JSON: QCVN names as written, unknown members refused.</summary>
[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(VerificationRecord))]
[JsonSerializable(typeof(VerifyManyRequest))]
internal sealed partial class VerificationJsonContext : JsonSerializerContext;
