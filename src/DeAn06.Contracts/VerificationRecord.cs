namespace DeAn06.Contracts;

/// <summary>
/// One citizen record to verify, with QCVN 109 field names. Send the 12-digit <see cref="SoDinhDanh"/>
/// or the old 9-digit <see cref="SoCMND"/> (neither: the verdict is MISSING_ID).
/// </summary>
/// <param name="SoDinhDanh">Personal ID number (spaces and dots ignored).</param>
/// <param name="SoCMND">Old identity-card number, when no personal ID is known.</param>
/// <param name="HoVaTen">Full name, family name first.</param>
/// <param name="NgayThangNamSinh">Birth date: dd/MM/yyyy, yyyy-MM-dd, yyyyMMdd, or yyyy when only the year is known.</param>
/// <param name="GioiTinh">Nam/Nữ, M/F or 1/2.</param>
/// <param name="MaHoSo">The sector's own record reference, echoed back.</param>
public sealed record VerificationRecord(string? SoDinhDanh, string? SoCMND, string? HoVaTen, string? NgayThangNamSinh, string? GioiTinh, string? MaHoSo = null);
