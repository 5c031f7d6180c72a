using DeAn06.Matching.Genders;

namespace DeAn06.Matching.Records;

/// <summary>
/// A citizen as a sector system holds it, fields as sent (any supported notation). Null means the
/// field was not sent.
/// </summary>
/// <param name="Id">12-digit personal ID number or 9-digit CMND (spaces, dots and dashes are ignored).</param>
/// <param name="FullName">"Họ Chữ đệm Tên".</param>
/// <param name="BirthDate">dd/MM/yyyy, yyyy-MM-dd, yyyyMMdd, yyyy, …</param>
/// <param name="Gender">Nam/Nữ, M/F, 1/2 (or 1/0 with <paramref name="GenderCoding"/> OneZero).</param>
/// <param name="GenderCoding">How this source writes gender as a digit.</param>
public readonly record struct SectorRecord(
    string? Id,
    string? FullName,
    string? BirthDate,
    string? Gender,
    GenderCoding GenderCoding = GenderCoding.Qcvn);
