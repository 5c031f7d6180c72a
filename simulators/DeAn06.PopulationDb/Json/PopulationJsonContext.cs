using System.Text.Json.Serialization;

namespace DeAn06.PopulationDb.Json;

/// <summary>Source-generated, strict JSON: QCVN 109 names as written, unknown members rejected.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(LookupRequest))]
[JsonSerializable(typeof(BulkLookupRequest))]
[JsonSerializable(typeof(VerifyRequest))]
[JsonSerializable(typeof(SearchRequest))]
[JsonSerializable(typeof(Faults.FaultSettings))]
[JsonSerializable(typeof(Faults.FaultRule))]
[JsonSerializable(typeof(Admin.CitizenInput))]
public sealed partial class PopulationJsonContext : JsonSerializerContext;
