using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeAn06.PopulationDb.Json;
using DeAn06.PopulationDb.Population;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace DeAn06.Cli.Stub;

/// <summary>
/// <c>TraCuuThongTinCongDan/bulk</c> for the stub: each number looked up in the sample, the answer
/// written as the simulator writes it (<c>KetQua</c>: the number as sent, <c>TimThay</c>, <c>CongDan</c>).
/// </summary>
internal sealed class BulkLookup
{
    /// <summary>The simulator's limit (CitizenApi.MaxBulkIds).</summary>
    private const int MaxIds = DeAn06.PopulationDb.Apis.CitizenApi.MaxBulkIds;

    private static readonly JsonWriterOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Dictionary<string, string> _compact = new(StringComparer.Ordinal);

    public BulkLookup(IEnumerable<Citizen> citizens)
    {
        foreach (Citizen c in citizens)
        {
            string compact = CitizenDocuments.Compact(c);
            _compact[c.Id.ToString("D12", CultureInfo.InvariantCulture)] = compact;
            if (c.Cmnd != 0)
            {
                _compact[c.Cmnd.ToString("D9", CultureInfo.InvariantCulture)] = compact;
            }
        }
    }

    public IResponseMessage Answer(IRequestMessage request)
    {
        List<string> ids;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(request.Body ?? "");
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("SoDinhDanh", out JsonElement list)
                || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                return Problem(400, "MISSING_FIELD", $"SoDinhDanh must be a non-empty array of up to {MaxIds} ID or CMND numbers.");
            }

            ids = list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
        }
        catch (JsonException)
        {
            return Problem(400, "MALFORMED_JSON", "The body is not valid JSON for this endpoint: check quotes, commas and value types.");
        }

        if (ids.Count > MaxIds)
        {
            return Problem(400, "TOO_MANY_IDS", $"A bulk look-up takes at most {MaxIds} numbers (got {ids.Count}); split the list.");
        }

        int bad = ids.FindIndex(id => id.Length is not (12 or 9) || !id.All(char.IsAsciiDigit));
        if (bad >= 0)
        {
            return Problem(400, "INVALID_ID_FORMAT", $"The number at index {bad} is malformed: a personal ID number has 12 digits and a CMND number 9.");
        }

        return Json(200, "application/json; charset=utf-8", w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("KetQua");
            foreach (string id in ids)
            {
                w.WriteStartObject();
                w.WriteString("SoDinhDanh", id);
                bool found = _compact.TryGetValue(id, out string? compact);
                w.WriteBoolean("TimThay", found);
                if (found)
                {
                    w.WritePropertyName("CongDan");
                    w.WriteRawValue(compact!, skipInputValidation: true);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static ResponseMessage Problem(int status, string code, string detail) =>
        Json(status, "application/problem+json", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "urn:dean06:problem:" + code);
            w.WriteString("title", "The request is invalid.");
            w.WriteNumber("status", status);
            w.WriteString("detail", detail);
            w.WriteString("code", code);
            w.WriteString("traceId", $"00-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-00");
            w.WriteEndObject();
        });

    private static ResponseMessage Json(int status, string contentType, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            write(writer);
        }

        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = Encoding.UTF8.GetString(buffer.WrittenSpan), Encoding = Encoding.UTF8 },
        };
        response.AddHeader("Content-Type", contentType);
        return response;
    }
}
