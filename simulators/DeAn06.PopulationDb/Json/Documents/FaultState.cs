using System.Text.Json;

namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>The fault settings in force (the names camelCased, as answers write them) and, during maintenance, when it ends.</summary>
public sealed record FaultState(JsonElement Settings, DateTimeOffset? MaintenanceUntil);
