using DeAn06.Matching.Genders;
using DeAn06.Matching.Ids;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using DeAn06.PopulationDb.Tests.Support;

namespace DeAn06.PopulationDb.Tests.Population;

public sealed class PopulationGeneratorTests(PopulationFixture fixture) : IClassFixture<PopulationFixture>
{
    private static readonly DateOnly Reference = new(2024, 7, 1);

    [Fact]
    public void Generate_SameSeedAndSize_IdenticalCitizens()
    {
        CitizenStore a = PopulationGenerator.Generate(7, 150_000, Reference);
        CitizenStore b = PopulationGenerator.Generate(7, 150_000, Reference);

        Assert.Equal(a.Ids, b.Ids);
        Assert.Equal(a.Cmnds, b.Cmnds);
        Assert.Equal(a.BirthDates, b.BirthDates);
        Assert.Equal(a.GivenNames, b.GivenNames);
        Assert.Equal(a.FamilyNames, b.FamilyNames);
        Assert.Equal(a.PermanentCommunes, b.PermanentCommunes);
        Assert.Equal(a.Heads, b.Heads);
        Assert.Equal(Fingerprint(a), Fingerprint(b));
    }

    [Fact]
    public void Generate_OtherSeed_OtherCitizens()
    {
        CitizenStore a = PopulationGenerator.Generate(7, 100_000, Reference);
        CitizenStore b = PopulationGenerator.Generate(8, 100_000, Reference);

        int sameIds = a.Ids.Intersect(b.Ids).Count();
        Assert.True(sameIds < 1_000, $"{sameIds} IDs in common");
        Assert.NotEqual(Fingerprint(a), Fingerprint(b));
    }

    [Fact]
    public void Generate_FixedSeed_PinnedFirstCitizen()
    {
        // Pins the output across machines and releases: changing the generator must be deliberate.
        CitizenStore store = PopulationGenerator.Generate(PopulationOptions.DefaultSeed, 1_000, Reference);
        Citizen first = store[0];

        Assert.Equal("001182268987 Nguyễn Thị Minh Hằng 19820201", $"{first.Id:D12} {first.FullName} {first.BirthDateNumber}");
        Assert.Equal(15049012419382785004UL, Fingerprint(store));
    }

    [Fact]
    public void Generate_EveryId_UniqueAndObeysStructureRules()
    {
        CitizenStore s = fixture.Store;
        Assert.Equal(s.Count, s.Ids.Distinct().Count());
        for (int i = 0; i < s.Count; i++)
        {
            Citizen c = s[i];
            IdRule rule = PersonalId.CheckStructure(c.Id, c.IsMale ? Gender.Male : Gender.Female, c.BirthYear);
            Assert.True(rule == IdRule.None, $"citizen {i} id {c.Id:D12} born {c.BirthYear} male={c.IsMale}: {rule}");
            Assert.Equal(c.BirthProvinceCode, c.BirthRegistrationPlace.ProvinceCode);
        }
    }

    [Fact]
    public void Generate_Cmnds_UniqueAndHeldByAboutSixtyPercentOfAdults()
    {
        CitizenStore s = fixture.Store;
        int[] held = s.Cmnds.Where(c => c != 0).ToArray();
        Assert.Equal(held.Length, held.Distinct().Count());
        Assert.All(held, c => Assert.InRange(c, 10_000_000, 999_999_999));

        var adults = Enumerable.Range(0, s.Count).Select(i => s[i]).Where(c => c.Age >= 18).ToList();
        double share = adults.Count(c => c.Cmnd != 0) / (double)adults.Count;
        Assert.InRange(share, 0.55, 0.65);
        Assert.All(Enumerable.Range(0, s.Count).Select(i => s[i]).Where(c => c.Cmnd != 0).Take(5000), c => Assert.True(c.BirthYear <= 2002));
    }

    [Fact]
    public void Generate_FamilyNames_FollowNationalFrequencies()
    {
        var kinh = Citizens().Where(c => c.Ethnicity == PopulationDb.Population.Data.Ethnicity.Kinh).ToList();
        double Share(string family) => kinh.Count(c => c.FamilyName == family) / (double)kinh.Count;

        Assert.InRange(Share("Nguyễn"), 0.34, 0.42);
        Assert.InRange(Share("Trần"), 0.09, 0.13);
        Assert.InRange(Share("Lê"), 0.08, 0.11);
        Assert.True(Share("Nguyễn") > Share("Trần") && Share("Trần") > Share("Lê") && Share("Lê") > Share("Phạm"));
    }

    [Fact]
    public void Generate_MiddleNames_Gendered()
    {
        var citizens = Citizens().ToList();
        Assert.DoesNotContain(citizens, c => c.IsMale && c.MiddleName.StartsWith("Thị", StringComparison.Ordinal));
        Assert.DoesNotContain(citizens, c => !c.IsMale && c.MiddleName == "Văn");
        double thiAmongOlderWomen = citizens.Where(c => !c.IsMale && c.BirthYear < 1980).Count(c => c.MiddleName == "Thị")
            / (double)citizens.Count(c => !c.IsMale && c.BirthYear < 1980);
        Assert.InRange(thiAmongOlderWomen, 0.6, 0.95);
    }

    [Fact]
    public void Generate_AgesAndGender_FollowThePyramid()
    {
        var citizens = Citizens().ToList();
        double under15 = citizens.Count(c => c.Age < 15) / (double)citizens.Count;
        double over65 = citizens.Count(c => c.Age >= 65) / (double)citizens.Count;
        double male = citizens.Count(c => c.IsMale) / (double)citizens.Count;

        // Census 2019: 24 % under 15, 8 % aged 65+, 49.8 % male. The household model lands near them.
        Assert.InRange(under15, 0.18, 0.30);
        Assert.InRange(over65, 0.05, 0.13);
        Assert.InRange(male, 0.47, 0.53);
        Assert.All(citizens, c => Assert.InRange(c.Age, 0, 100));
    }

    [Fact]
    public void Generate_OlderCitizens_OftenOnlyBirthYear()
    {
        var older = Citizens().Where(c => c.BirthYear < 1960).ToList();
        var younger = Citizens().Where(c => c.BirthYear >= 1960).ToList();
        Assert.InRange(older.Count(c => c.BirthYearOnly) / (double)older.Count, 0.28, 0.42);
        Assert.InRange(younger.Count(c => c.BirthYearOnly) / (double)younger.Count, 0.0, 0.01);
        Assert.All(older.Where(c => c.BirthYearOnly), c => Assert.Null(c.BirthDate));
    }

    [Fact]
    public void Generate_Deceased_AShareWithDeathDates()
    {
        var citizens = Citizens().ToList();
        double deceased = citizens.Count(c => c.IsDeceased) / (double)citizens.Count;
        Assert.InRange(deceased, 0.005, 0.05);
        Assert.All(citizens.Where(c => c.IsDeceased), c => Assert.InRange(c.DeathDate!.Value, new DateOnly(2016, 1, 1), Reference));
    }

    [Fact]
    public void Generate_BacKan_MostlyTay()
    {
        var bacKan = Citizens().Where(c => c.PermanentResidence.ProvinceCode == 6).ToList();
        Assert.True(bacKan.Count > 500, $"only {bacKan.Count} in Bắc Kạn");
        double tay = bacKan.Count(c => c.Ethnicity == PopulationDb.Population.Data.Ethnicity.Tay) / (double)bacKan.Count;
        Assert.InRange(tay, 0.42, 0.62);
        var hmong = Citizens().Where(c => c.Ethnicity == PopulationDb.Population.Data.Ethnicity.Hmong && c.IsMale).ToList();
        Assert.Contains(hmong, c => c.MiddleName is "A" or "Seo" or "Mí");
    }

    [Fact]
    public void Generate_Households_LinkedConsistently()
    {
        foreach (Citizen c in Citizens())
        {
            Citizen head = c.HouseholdHead;
            Assert.Equal(head.Index, head.HouseholdHead.Index);
            Assert.Equal(c.PermanentResidence.Code, head.PermanentResidence.Code);
            if (c.Spouse is { } spouse)
            {
                Assert.Equal(c.Index, spouse.Spouse!.Value.Index);
                Assert.NotEqual(c.IsMale, spouse.IsMale);
            }

            if (c.Father is { } father)
            {
                Assert.True(father.IsMale);
                Assert.True(father.BirthYear < c.BirthYear, "a father is older than his child");
            }

            if (c.Mother is { } mother)
            {
                Assert.False(mother.IsMale);
            }
        }
    }

    private IEnumerable<Citizen> Citizens() => Enumerable.Range(0, fixture.Store.Count).Select(i => fixture.Store[i]);

    private static ulong Fingerprint(CitizenStore s)
    {
        ulong h = 1469598103934665603UL;
        for (int i = 0; i < s.Count; i++)
        {
            Citizen c = s[i];
            foreach (long v in new long[] { c.Id, c.Cmnd, c.BirthDateNumber, (long)c.Flags, s.FamilyNames[i], s.MiddleNames[i], s.GivenNames[i], s.PermanentCommunes[i], s.Heads[i] })
            {
                h = (h ^ (ulong)v) * 1099511628211UL;
            }
        }

        return h;
    }
}
