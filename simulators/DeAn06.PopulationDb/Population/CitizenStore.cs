using DeAn06.PopulationDb.Population.Indexing;

namespace DeAn06.PopulationDb.Population;

/// <summary>
/// The synthetic population as parallel arrays (about 60 bytes a citizen, no object per citizen),
/// with its look-up indexes. Immutable once generated; safe for concurrent readers.
/// </summary>
public sealed class CitizenStore
{
    internal CitizenStore(int count, ulong seed, DateOnly referenceDate)
    {
        Count = count;
        Seed = seed;
        ReferenceDate = referenceDate;
        Ids = new long[count];
        Cmnds = new int[count];
        BirthDates = new int[count];
        DeathDates = new int[count];
        Flags = new CitizenFlags[count];
        Ethnicities = new byte[count];
        Religions = new byte[count];
        MaritalStatuses = new byte[count];
        Relations = new Relation[count];
        FamilyNames = new byte[count];
        MiddleNames = new ushort[count];
        GivenNames = new ushort[count];
        BirthCommunes = new ushort[count];
        HometownCommunes = new ushort[count];
        PermanentCommunes = new ushort[count];
        CurrentCommunes = new ushort[count];
        Heads = new int[count];
        Fathers = new int[count];
        Mothers = new int[count];
        Spouses = new int[count];
        IdIndex = new LongIndex(count);
        CmndIndex = new LongIndex(count * 2 / 3);
    }

    /// <summary>Number of citizens.</summary>
    public int Count { get; }

    /// <summary>The seed the population was generated from.</summary>
    public ulong Seed { get; }

    /// <summary>The date ages, deaths and ID issuance are computed against.</summary>
    public DateOnly ReferenceDate { get; }

    internal long[] Ids { get; }
    internal int[] Cmnds { get; }

    /// <summary>yyyyMMdd; for <see cref="CitizenFlags.BirthYearOnly"/> the day and month are meaningless.</summary>
    internal int[] BirthDates { get; }

    internal int[] DeathDates { get; }
    internal CitizenFlags[] Flags { get; }
    internal byte[] Ethnicities { get; }
    internal byte[] Religions { get; }
    internal byte[] MaritalStatuses { get; }
    internal Relation[] Relations { get; }
    internal byte[] FamilyNames { get; }
    internal ushort[] MiddleNames { get; }
    internal ushort[] GivenNames { get; }
    internal ushort[] BirthCommunes { get; }
    internal ushort[] HometownCommunes { get; }
    internal ushort[] PermanentCommunes { get; }
    internal ushort[] CurrentCommunes { get; }
    internal int[] Heads { get; }
    internal int[] Fathers { get; }
    internal int[] Mothers { get; }
    internal int[] Spouses { get; }
    internal LongIndex IdIndex { get; }
    internal LongIndex CmndIndex { get; }
    internal DemographicIndex? Demographics { get; set; }

    /// <summary>The citizen with this 12-digit personal ID number, or null.</summary>
    public Citizen? FindById(long id) => ToCitizen(IdIndex.Find(id));

    /// <summary>The citizen with this 9-digit CMND number, or null.</summary>
    public Citizen? FindByCmnd(int cmnd) => ToCitizen(CmndIndex.Find(cmnd));

    /// <summary>The citizen at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public Citizen this[int index] => new(this, index);

    private Citizen? ToCitizen(int index) => index < 0 ? null : new Citizen(this, index);
}
