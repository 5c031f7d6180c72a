namespace DeAn06.PopulationDb.Population.Data;

/// <summary>Ethnic groups the generator names differently. Values are the two-digit ethnic codes of the
/// General Statistics Office list used for DanToc (01 Kinh, 02 Tày, 03 Thái, 04 Mường, 07 Nùng, 08 Mông, 09 Dao).</summary>
public enum Ethnicity : byte
{
    Kinh = 1,
    Tay = 2,
    Thai = 3,
    Muong = 4,
    Hmong = 8,
    Nung = 7,
    Dao = 9,
}
