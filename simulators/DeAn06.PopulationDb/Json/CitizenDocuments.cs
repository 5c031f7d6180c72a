using System.Buffers;
using System.Text;
using System.Text.Json;
using DeAn06.PopulationDb.Apis;
using DeAn06.PopulationDb.Population;

namespace DeAn06.PopulationDb.Json;

/// <summary>
/// A citizen's JSON exactly as the simulator's endpoints write it, for those who serve the contract
/// without the simulator (<c>dean06 stub</c>'s mappings, test doubles of the population DB).
/// </summary>
public static class CitizenDocuments
{
    /// <summary>The full record, the body of <c>TraCuuThongTinCongDan</c>'s 200 answer.</summary>
    public static string Full(Citizen citizen) => Write(w => CitizenJsonWriter.WriteFull(w, citizen));

    /// <summary>The fields batch matching needs, the <c>CongDan</c> of a found item in a bulk answer.</summary>
    public static string Compact(Citizen citizen) => Write(w => CitizenJsonWriter.WriteCompact(w, citizen));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, CitizenApi.WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
