namespace DeAn06.PopulationDb.Population.Data;

/// <summary>A commune-level administrative unit.</summary>
/// <param name="Code">Five-digit commune code (MaDonViHanhChinh).</param>
/// <param name="DistrictCode">Three-digit district code.</param>
/// <param name="ProvinceCode">The province's ID code (e.g. 6).</param>
/// <param name="IsRural">True for a xã (villages are "Thôn"), false for a phường or thị trấn (streets).</param>
/// <param name="FullName">"Xã An Bình, Huyện Phú Hòa, Tỉnh Bắc Kạn".</param>
public sealed record Commune(string Code, string DistrictCode, int ProvinceCode, bool IsRural, string FullName);
