using DeAn06.Matching.Dates;
using DeAn06.Matching.Genders;

namespace DeAn06.Matching.Records;

/// <summary>A citizen as the population DB holds them.</summary>
/// <param name="Id">The 12-digit personal ID number.</param>
/// <param name="Cmnd">The old 9-digit CMND number, or 0.</param>
/// <param name="FullName">Family, middle and given names joined by spaces.</param>
/// <param name="BirthDate">Full date, or year only.</param>
/// <param name="Gender">Gender on record.</param>
/// <param name="IsDeceased">True when the population DB records a death.</param>
public readonly record struct ReferenceRecord(long Id, int Cmnd, string FullName, BirthDate BirthDate, Gender Gender, bool IsDeceased);
