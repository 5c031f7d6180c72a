using System.Text.Json.Nodes;
using DeAn06.PopulationDb.Apis;
using DeAn06.PopulationDb.Json;
using DeAn06.PopulationDb.Json.Documents;
using Microsoft.OpenApi;

namespace DeAn06.PopulationDb.OpenApi;

/// <summary>
/// The population DB's formats, made schema: the QCVN 109 codes as CitizenJsonWriter writes them
/// (yyyyMMdd dates, GioiTinh 0/1/2, 12-digit IDs, 5-digit commune codes), exactly one of
/// SoDinhDanh/SoCMND on a look-up, and the list limits.
/// </summary>
internal static class PopulationSchemas
{
    private const string Id = "^[0-9]{12}$";
    private const string Cmnd = "^[0-9]{9}$";
    private const string Date = "^[0-9]{8}$";
    private const string GenderNote = "QCVN 109 code: \"1\" Nam, \"2\" Nữ, \"0\" not recorded (the verification service takes Nam/Nữ).";
    private const string DateNote = "yyyyMMdd (the verification service takes dd/MM/yyyy).";

    /// <summary>The types whose schemas <see cref="Edit"/> changes.</summary>
    public static IReadOnlyCollection<Type> Types =>
    [
        typeof(CongDan), typeof(CongDanCompact), typeof(NgayThangNamSinh), typeof(DiaChi), typeof(NguoiLienQuan), typeof(ChuHo), typeof(ChetMatTich),
        typeof(SearchResponse), typeof(SearchCandidate), typeof(LookupRequest), typeof(BulkLookupRequest), typeof(VerifyRequest), typeof(SearchRequest),
    ];

    /// <summary>Applies the rules of <paramref name="type"/> to its component schema.</summary>
    public static void Edit(Type type, OpenApiSchema schema)
    {
        if (type == typeof(CongDan) || type == typeof(CongDanCompact))
        {
            Set(schema, "SoDinhDanh", pattern: Id);
            Set(schema, "SoCMND", pattern: Cmnd);
            Set(schema, "GioiTinh", values: ["0", "1", "2"], description: GenderNote);
            Set(schema, "DanToc", pattern: "^[0-9]{2}$");
            Set(schema, "TonGiao", pattern: "^[0-9]{2}$");
            Set(schema, "TinhTrangHonNhan", values: ["1", "2", "3", "4"]);
            Set(schema, "SoSoHoKhau", pattern: Cmnd);
        }
        else if (type == typeof(NgayThangNamSinh))
        {
            Set(schema, "NgayThangNam", pattern: Date, description: DateNote);
            Set(schema, "Nam", pattern: "^[0-9]{4}$");
        }
        else if (type == typeof(DiaChi))
        {
            Set(schema, "MaDonViHanhChinh", pattern: "^[0-9]{5}$");
        }
        else if (type == typeof(NguoiLienQuan))
        {
            Set(schema, "SoDinhDanh", pattern: Id);
        }
        else if (type == typeof(ChuHo))
        {
            Set(schema, "SoDinhDanh", pattern: Id);
            Set(schema, "QuanHe", values: ["Chủ hộ", "Vợ", "Chồng", "Con", "Cha", "Mẹ", "Cháu"]);
        }
        else if (type == typeof(ChetMatTich))
        {
            Set(schema, "TinhTrang", values: ["CHET"]);
            Set(schema, "NgayChet", pattern: Date, description: DateNote);
        }
        else if (type == typeof(SearchResponse) && Property(schema, "UngVien") is { } candidates)
        {
            candidates.MaxItems = 10;
        }
        else if (type == typeof(SearchCandidate) && Property(schema, "DoTinCay") is { } confidence)
        {
            Set(schema, "SoDinhDanh", pattern: Id);
            confidence.Minimum = "0";
            confidence.Maximum = "1";
        }
        else if (type == typeof(LookupRequest))
        {
            Set(schema, "SoDinhDanh", pattern: Id);
            Set(schema, "SoCMND", pattern: Cmnd);
            schema.OneOf = [Requires("SoDinhDanh", "SoCMND"), Requires("SoCMND", "SoDinhDanh")];
            schema.Description = "Exactly one of SoDinhDanh (12 digits) or SoCMND (9 digits).";
        }
        else if (type == typeof(BulkLookupRequest) && Property(schema, "SoDinhDanh") is { } ids)
        {
            ids.MinItems = 1;
            ids.MaxItems = CitizenApi.MaxBulkIds;
            ids.Description = "12-digit IDs or 9-digit CMND numbers.";
            schema.Required = new HashSet<string> { "SoDinhDanh" };
        }
        else if (type == typeof(VerifyRequest))
        {
            Set(schema, "NgayThangNamSinh", pattern: "^[0-9]{4}([0-9]{4})?$", description: "yyyyMMdd, or yyyy when only the year is known (the verification service takes dd/MM/yyyy).");
            Set(schema, "GioiTinh", values: ["0", "1", "2"], description: GenderNote);
            Set(schema, "HoVaTen", description: "The full name as one string, or its parts {Ho, ChuDem, Ten}.");
        }
        else if (type == typeof(SearchRequest))
        {
            Set(schema, "NgayThangNamSinh", pattern: Date, description: DateNote);
            Set(schema, "NamSinh", pattern: "^[0-9]{4}$");
            Set(schema, "MaTinh", pattern: "^[0-9]{2}$");
        }
    }

    private static OpenApiSchema Requires(string present, string absent) => new()
    {
        Required = new HashSet<string> { present },
        Properties = new Dictionary<string, IOpenApiSchema> { [present] = new OpenApiSchema { Type = JsonSchemaType.String } },
        Not = new OpenApiSchema { Required = new HashSet<string> { absent } },
    };

    private static OpenApiSchema? Property(OpenApiSchema schema, string name) =>
        schema.Properties is not null && schema.Properties.TryGetValue(name, out IOpenApiSchema? p) ? p as OpenApiSchema : null;

    private static void Set(OpenApiSchema schema, string property, string? pattern = null, string[]? values = null, string? description = null)
    {
        if (Property(schema, property) is not { } p)
        {
            return;
        }

        p.Pattern = pattern ?? p.Pattern;
        p.Description = description ?? p.Description;
        if (values is not null)
        {
            p.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
        }
    }
}
