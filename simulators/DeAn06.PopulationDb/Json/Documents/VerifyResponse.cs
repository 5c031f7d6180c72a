namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>XacThucThongTinCongDan's answer: whether the citizen exists, is deceased, and one yes/no per submitted field.</summary>
public sealed record VerifyResponse(bool TonTai, bool? DaChet, IReadOnlyDictionary<string, bool>? KetQua);
