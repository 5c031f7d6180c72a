using DeAn06.PopulationDb.Population.Data;

namespace DeAn06.PopulationDb.Population;

/// <summary>A read-only view of one citizen in a <see cref="CitizenStore"/>; allocation-free.</summary>
public readonly struct Citizen
{
    private readonly CitizenStore _store;

    internal Citizen(CitizenStore store, int index)
    {
        _store = store;
        Index = index;
    }

    /// <summary>Position in the store.</summary>
    public int Index { get; }

    /// <summary>12-digit personal ID number (số định danh cá nhân).</summary>
    public long Id => _store.Ids[Index];

    /// <summary>Old 9-digit CMND number, or 0 when the citizen never held one.</summary>
    public int Cmnd => _store.Cmnds[Index];

    public string FamilyName => Names.Family[_store.FamilyNames[Index]];
    public string MiddleName => Names.Middle[_store.MiddleNames[Index]];
    public string GivenName => Names.Given[_store.GivenNames[Index]];

    /// <summary>"Family Middle Given" (allocates).</summary>
    public string FullName => MiddleName.Length == 0
        ? $"{FamilyName} {GivenName}"
        : $"{FamilyName} {MiddleName} {GivenName}";

    public bool IsMale => (Flags & CitizenFlags.Male) != 0;
    public bool BirthYearOnly => (Flags & CitizenFlags.BirthYearOnly) != 0;
    public bool IsDeceased => (Flags & CitizenFlags.Deceased) != 0;

    /// <summary>Birth date as yyyyMMdd (day and month meaningless when <see cref="BirthYearOnly"/>).</summary>
    public int BirthDateNumber => _store.BirthDates[Index];

    public int BirthYear => BirthDateNumber / 10000;

    /// <summary>The full birth date, or null when only the year is on record.</summary>
    public DateOnly? BirthDate => BirthYearOnly ? null : FromNumber(BirthDateNumber);

    /// <summary>Date of death, or null.</summary>
    public DateOnly? DeathDate => IsDeceased ? FromNumber(_store.DeathDates[Index]) : null;

    /// <summary>Age in whole years on the store's reference date (by year only when that is all that is known).</summary>
    public int Age
    {
        get
        {
            DateOnly reference = _store.ReferenceDate;
            int age = reference.Year - BirthYear;
            if (!BirthYearOnly && (reference.Month * 100 + reference.Day) < BirthDateNumber % 10000)
            {
                age--;
            }

            return age;
        }
    }

    public Ethnicity Ethnicity => (Ethnicity)_store.Ethnicities[Index];
    public byte Religion => _store.Religions[Index];
    public byte MaritalStatus => _store.MaritalStatuses[Index];

    /// <summary>The province code of birth registration (ID digits 1–3).</summary>
    public int BirthProvinceCode => (int)(Id / 1_000_000_000L);

    public Commune BirthRegistrationPlace => Units.Communes[_store.BirthCommunes[Index]];
    public Commune Hometown => Units.Communes[_store.HometownCommunes[Index]];
    public Commune PermanentResidence => Units.Communes[_store.PermanentCommunes[Index]];
    public Commune CurrentResidence => Units.Communes[_store.CurrentCommunes[Index]];

    /// <summary>The citizen as the matching engine compares it (what the bulk look-up answers with).</summary>
    public DeAn06.Matching.Records.ReferenceRecord ToReferenceRecord() => new(
        Id,
        Cmnd,
        FullName,
        BirthYearOnly
            ? DeAn06.Matching.Dates.BirthDate.YearOnly(BirthYear)
            : new DeAn06.Matching.Dates.BirthDate(BirthYear, BirthDateNumber / 100 % 100, BirthDateNumber % 100, DeAn06.Matching.Dates.DatePrecision.Day),
        IsMale ? DeAn06.Matching.Genders.Gender.Male : DeAn06.Matching.Genders.Gender.Female,
        IsDeceased);

    internal Relation RelationToHead => _store.Relations[Index];
    public Citizen HouseholdHead => new(_store, _store.Heads[Index]);
    public Citizen? Father => Link(_store.Fathers[Index]);
    public Citizen? Mother => Link(_store.Mothers[Index]);
    public Citizen? Spouse => Link(_store.Spouses[Index]);

    internal CitizenFlags Flags => _store.Flags[Index];
    internal CitizenStore Store => _store;
    private static NameCatalogue Names => NameCatalogue.Instance;
    private static AdministrativeUnits Units => AdministrativeUnits.Instance;

    private Citizen? Link(int index) => index < 0 ? null : new Citizen(_store, index);

    private static DateOnly FromNumber(int n) => new(n / 10000, n / 100 % 100, n % 100);
}
