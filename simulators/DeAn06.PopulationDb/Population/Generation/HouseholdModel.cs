using DeAn06.PopulationDb.Population.Data;

namespace DeAn06.PopulationDb.Population.Generation;

/// <summary>
/// The household-by-household model: a head, usually a spouse, children born to them, sometimes an
/// elderly parent and grandchildren. Ages follow the census pyramid through the heads' ages and the
/// parents' ages at birth; names follow the household's ethnic naming pattern; children take the
/// father's family name; married women keep their own.
/// </summary>
internal sealed class HouseholdModel
{
    private const double CmndShareOfAdults = 0.64; // of those born by 2002; ≈ 60 % of today's adults
    private const int LastCmndBirthYear = 2002;    // CMND stopped being issued in 2016 (CCCD from then)

    private static readonly double[] Religions = [86.0, 5.0, 6.1, 1.0, 0.6, 1.3];

    // Headship by age band (share of a band that heads a household), applied to the pyramid's bands.
    private static readonly double[] Headship =
        [0, 0, 0, 0, 0.10, 0.30, 0.45, 0.52, 0.55, 0.55, 0.56, 0.58, 0.60, 0.60, 0.55, 0.45, 0.35, 0.25];

    private static readonly double[] ChildCounts = [0.16, 0.26, 0.38, 0.15, 0.05];

    private readonly ulong _seed;
    private readonly DateOnly _reference;
    private readonly WeightedTable _provinces;
    private readonly Province[] _provinceList;
    private readonly Dictionary<int, (WeightedTable Table, Ethnicity[] Values)> _ethnicities = [];
    private readonly Dictionary<Ethnicity, PatternSampler> _patterns;
    private readonly WeightedTable _headAgeBands;
    private readonly WeightedTable _religions = new(Religions);
    private readonly WeightedTable _childCounts = new(ChildCounts);
    private readonly AdministrativeUnits _units = AdministrativeUnits.Instance;

    public HouseholdModel(ulong seed, DateOnly reference)
    {
        _seed = seed;
        _reference = reference;
        _provinceList = [.. Provinces.All];
        _provinces = new WeightedTable(_provinceList.Select(p => (double)p.PopulationThousands).ToArray());
        foreach (Province p in _provinceList)
        {
            var values = p.Ethnicities.Select(e => e.Ethnicity).Prepend(Ethnicity.Kinh).ToArray();
            var weights = p.Ethnicities.Select(e => e.Share).Prepend(1 - p.Ethnicities.Sum(e => e.Share)).ToArray();
            _ethnicities[p.Code] = (new WeightedTable(weights), values);
        }

        _patterns = NamingPatterns.All.ToDictionary(p => p.Ethnicity, p => new PatternSampler(p, NameCatalogue.Instance));
        _headAgeBands = new WeightedTable(AgePyramid.BandShares.Select((share, band) => share * Headship[band]).ToArray());
    }

    public static int DrawCmnd(ref Rng rng) => 10_000_000 + rng.Next(380_000_000);

    public void FillChunk(CitizenStore store, int chunk, int start, int end)
    {
        var rng = Rng.For(_seed, (ulong)chunk);
        var household = new HouseholdBuilder(store, start, end);
        while (!household.Full)
        {
            BuildHousehold(ref rng, household);
        }
    }

    private void BuildHousehold(ref Rng rng, HouseholdBuilder h)
    {
        Province province = _provinceList[_provinces.Sample(ref rng)];
        var (ethnicTable, ethnicValues) = _ethnicities[province.Code];
        Ethnicity ethnicity = ethnicValues[ethnicTable.Sample(ref rng)];
        PatternSampler names = _patterns[ethnicity];
        int commune = _units.RandomCommune(province.Code, ref rng);
        int currentCommune = rng.Chance(0.08) ? _units.RandomCommune(_provinceList[_provinces.Sample(ref rng)].Code, ref rng) : commune;
        var home = new Home(province.Code, commune, currentCommune, ethnicity, names);

        int headAge = AgeInBand(_headAgeBands.Sample(ref rng), ref rng);
        bool married = rng.Chance(headAge < 70 ? 0.82 : 0.45);

        // Couples are mostly registered under the husband; people living alone are more often women (widows).
        bool headMale = rng.Chance(married ? 0.82 : 0.38);
        int head = AddPerson(ref rng, h, home, headAge, headMale, names.Family(ref rng), Relation.Head, head: -1, migrant: true);
        if (head < 0)
        {
            return;
        }

        h.Store.Heads[head] = head;
        int spouse = -1;
        if (married)
        {
            int gap = rng.Next(0, 6);
            int spouseAge = Math.Clamp(headMale ? headAge - gap : headAge + gap, 18, 99);
            spouse = AddPerson(ref rng, h, home, spouseAge, !headMale, names.Family(ref rng), headMale ? Relation.Wife : Relation.Husband, head, migrant: true);
            if (spouse >= 0)
            {
                h.Store.Spouses[head] = spouse;
                h.Store.Spouses[spouse] = head;
                h.Store.MaritalStatuses[head] = h.Store.MaritalStatuses[spouse] = 2;
            }
        }

        int father = headMale ? head : spouse;
        int mother = headMale ? spouse : head;
        byte childFamily = h.Store.FamilyNames[father >= 0 ? father : head];
        int youngerParentAge = spouse >= 0 ? Math.Min(headAge, AgeOf(h.Store, spouse)) : headAge;
        int children = headAge is >= 21 and <= 75 ? _childCounts.Sample(ref rng) : 0;
        int adultChild = -1;
        for (int c = 0; c < children; c++)
        {
            int childAge = youngerParentAge - rng.Next(19, 40);
            if (childAge < 0 || (childAge > 28 && rng.Chance(0.75)))
            {
                continue;
            }

            int child = AddPerson(ref rng, h, home, childAge, rng.Chance(0.512), childFamily, Relation.Child, head, migrant: false);
            if (child < 0)
            {
                return;
            }

            h.Store.Fathers[child] = father;
            h.Store.Mothers[child] = mother;
            if (childAge >= 22)
            {
                adultChild = child;
            }
        }

        if (adultChild >= 0 && rng.Chance(0.35))
        {
            AddGrandchildren(ref rng, h, home, adultChild, head);
        }

        if (headAge < 55 && rng.Chance(0.12))
        {
            bool elderMale = rng.Chance(0.35);
            int elder = AddPerson(ref rng, h, home, Math.Min(headAge + rng.Next(22, 33), 100), elderMale, elderMale ? h.Store.FamilyNames[head] : names.Family(ref rng), elderMale ? Relation.Father : Relation.Mother, head, migrant: true);
            if (elder >= 0)
            {
                (elderMale ? h.Store.Fathers : h.Store.Mothers)[head] = elder;
                h.Store.MaritalStatuses[elder] = 4;
            }
        }
    }

    private void AddGrandchildren(ref Rng rng, HouseholdBuilder h, Home home, int parent, int head)
    {
        int parentAge = AgeOf(h.Store, parent);
        bool parentMale = (h.Store.Flags[parent] & CitizenFlags.Male) != 0;
        int count = rng.Next(1, 2);
        for (int g = 0; g < count && parentAge >= 21; g++)
        {
            byte family = parentMale ? h.Store.FamilyNames[parent] : home.Names.Family(ref rng);
            int child = AddPerson(ref rng, h, home, rng.Next(0, Math.Min(parentAge - 20, 12)), rng.Chance(0.52), family, Relation.Grandchild, head, migrant: false);
            if (child < 0)
            {
                return;
            }

            (parentMale ? h.Store.Fathers : h.Store.Mothers)[child] = parent;
        }
    }

    private int AddPerson(ref Rng rng, HouseholdBuilder h, Home home, int age, bool male, byte family, Relation relation, int head, bool migrant)
    {
        int i = h.Next();
        if (i < 0)
        {
            return -1;
        }

        CitizenStore s = h.Store;
        DateOnly birth = _reference.AddYears(-age).AddDays(-rng.Next(1, 365));
        bool yearOnly = rng.Chance(birth.Year < 1960 ? 0.35 : 0.004);
        int birthProvince = migrant && rng.Chance(0.18) ? _provinceList[_provinces.Sample(ref rng)].Code : home.Province;

        var flags = male ? CitizenFlags.Male : CitizenFlags.None;
        flags |= yearOnly ? CitizenFlags.BirthYearOnly : CitizenFlags.None;
        double deathChance = age >= 80 ? 0.25 : age >= 65 ? 0.07 : 0.004;
        if (rng.Chance(deathChance))
        {
            flags |= CitizenFlags.Deceased;
            DateOnly death = new DateOnly(2016, 1, 1).AddDays(rng.Next(_reference.DayNumber - new DateOnly(2016, 1, 1).DayNumber));
            s.DeathDates[i] = Number(death);
        }

        s.Flags[i] = flags;
        s.BirthDates[i] = Number(birth);
        s.Ids[i] = IdFor(birthProvince, birth.Year, male, ref rng);
        s.Cmnds[i] = birth.Year <= LastCmndBirthYear && rng.Chance(CmndShareOfAdults) ? DrawCmnd(ref rng) : 0;
        s.Ethnicities[i] = (byte)home.Ethnicity;
        s.Religions[i] = (byte)_religions.Sample(ref rng);
        s.MaritalStatuses[i] = (byte)(age >= 70 ? 4 : 1); // single or widowed until a spouse is added
        s.Relations[i] = relation;
        s.FamilyNames[i] = family;
        s.MiddleNames[i] = home.Names.Middle(male, birth.Year, ref rng);
        s.GivenNames[i] = home.Names.Given(male, ref rng);
        s.BirthCommunes[i] = (ushort)(birthProvince == home.Province ? home.Commune : _units.RandomCommune(birthProvince, ref rng));
        s.HometownCommunes[i] = relation == Relation.Child && head >= 0 ? s.HometownCommunes[head] : s.BirthCommunes[i];
        s.PermanentCommunes[i] = (ushort)home.Commune;
        s.CurrentCommunes[i] = (ushort)home.CurrentCommune;
        s.Heads[i] = head < 0 ? i : head;
        s.Fathers[i] = s.Mothers[i] = s.Spouses[i] = -1;
        return i;
    }

    private static long IdFor(int province, int year, bool male, ref Rng rng)
    {
        int centuryGender = ((year / 100) - 19) * 2 + (male ? 0 : 1);
        return province * 1_000_000_000L + centuryGender * 100_000_000L + (year % 100) * 1_000_000L + rng.Next(1_000_000);
    }

    private int AgeOf(CitizenStore s, int i)
    {
        int birth = s.BirthDates[i];
        int age = _reference.Year - birth / 10000;
        return (_reference.Month * 100 + _reference.Day) < birth % 10000 ? age - 1 : age;
    }

    private static int AgeInBand(int band, ref Rng rng) => Math.Min(band * 5 + rng.Next(5), 99);

    private static int Number(DateOnly d) => d.Year * 10000 + d.Month * 100 + d.Day;

    private readonly record struct Home(int Province, int Commune, int CurrentCommune, Ethnicity Ethnicity, PatternSampler Names);

    private sealed class HouseholdBuilder(CitizenStore store, int start, int end)
    {
        private int _next = start;

        public CitizenStore Store { get; } = store;

        public bool Full => _next >= end;

        public int Next() => _next < end ? _next++ : -1;
    }
}
