using DeAn06.Contracts;
using DeAn06.Matching.Dates;
using DeAn06.Matching.Genders;
using DeAn06.Matching.Records;

namespace DeAn06.Verification.Verification;

/// <summary>
/// Whether a record can be read at all. Unreadable fields are the sender's error (400, or a rejected
/// batch line); an ID that breaks the structure rules is a finding (INVALID_ID), not an error.
/// </summary>
internal static class RecordValidation
{
    public const int MaxNameLength = 200;
    public const int MaxFieldLength = 64;

    /// <summary>The record to match, or null with the reason it cannot be read.</summary>
    public static SectorRecord? Read(string? id, string? cmnd, string? name, string? birthDate, string? gender, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            error = "HoVaTen is required.";
        }
        else if (name.Length > MaxNameLength)
        {
            error = $"HoVaTen is longer than {MaxNameLength} characters.";
        }
        else if (id?.Length > MaxFieldLength || cmnd?.Length > MaxFieldLength)
        {
            error = "SoDinhDanh/SoCMND is too long to be an identifier.";
        }
        else if (!string.IsNullOrWhiteSpace(birthDate) && !BirthDate.TryParse(birthDate, out _))
        {
            error = $"NgayThangNamSinh ({Shape(birthDate)}) is not a date; use dd/MM/yyyy, yyyy-MM-dd, yyyyMMdd or yyyy.";
        }
        else if (!string.IsNullOrWhiteSpace(gender) && GenderParser.Parse(gender) == Gender.Unknown && gender.Trim() != "0")
        {
            error = $"GioiTinh ({Shape(gender)}) is not a gender; use Nam/Nữ, M/F, 1/2 or 0 for unknown.";
        }

        if (error is not null)
        {
            return null;
        }

        string? identifier = string.IsNullOrWhiteSpace(id) ? cmnd : id;
        return new SectorRecord(string.IsNullOrWhiteSpace(identifier) ? null : identifier, name, NullIfBlank(birthDate), NullIfBlank(gender));
    }

    public static SectorRecord? Read(VerificationRecord r, out string? error) =>
        Read(r.SoDinhDanh, r.SoCMND, r.HoVaTen, r.NgayThangNamSinh, r.GioiTinh, out error);

    /// <summary>Why a record cannot be read (for messages about one element of a list).</summary>
    public static string Describe(VerificationRecord r)
    {
        Read(r, out string? error);
        return error ?? "is readable";
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>
    /// The shape of a bad value, never the value: reasons are stored with a job's results, which
    /// outlive the personal-data retention, and the sender can find the value by the line number.
    /// </summary>
    private static string Shape(string s) =>
        $"{s.Length} character{(s.Length == 1 ? "" : "s")}, {(s.All(char.IsAsciiDigit) ? "digits only" : s.Any(char.IsAsciiDigit) ? "digits and other characters" : "no digits")}";
}
