using DeAn06.Matching.Comparison;
using DeAn06.Matching.Dates;
using DeAn06.Matching.Decisions;
using DeAn06.Matching.Genders;
using DeAn06.Matching.Ids;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;

namespace DeAn06.Matching.Tests.Decisions;

public sealed class MatcherTests
{
    private static readonly ReferenceRecord Lan = new(1190654321, 123456789, "Nguyễn Thị Lan", new BirthDate(1990, 5, 17, DatePrecision.Day), Gender.Female, IsDeceased: false);

    [Fact]
    public void Decide_AllFieldsAgree_Match()
    {
        MatchDecision d = Matcher.Decide(new SectorRecord("001190654321", "NGUYỄN THỊ LAN", "17/05/1990", "Nữ"), Lan, MatchPolicies.Strict);
        Assert.Equal(Verdict.Match, d.Verdict);
        Assert.Equal(MatchLevel.Equivalent, d.Comparison.Name.Level);
        Assert.Equal(MatchLevel.Equivalent, d.Comparison.BirthDate.Level);
        Assert.Equal(MatchLevel.Equivalent, d.Comparison.Gender.Level);
    }

    [Fact]
    public void Decide_QcvnNotation_Exact()
    {
        MatchDecision d = Matcher.Decide(new SectorRecord("001190654321", "Nguyễn Thị Lan", "19900517", "2"), Lan, MatchPolicies.Strict);
        Assert.Equal(MatchLevel.Exact, d.Comparison.BirthDate.Level);
        Assert.Equal(MatchLevel.Exact, d.Comparison.Gender.Level);
        Assert.Equal(1f, d.Score);
    }

    [Fact]
    public void Decide_WrongBirthDate_MismatchNamingTheField()
    {
        MatchDecision d = Matcher.Decide(new SectorRecord("001190654321", "Nguyễn Thị Lan", "18/06/1990", "Nữ"), Lan, MatchPolicies.Tolerant);
        Assert.Equal(Verdict.Mismatch, d.Verdict);
        Assert.Equal(MatchField.BirthDate, d.Differing);
    }

    [Fact]
    public void Decide_NoDiacriticsYearOnly_StrictMismatch_TolerantMatch()
    {
        var record = new SectorRecord("001190654321", "NGUYEN THI LAN", "1990", "F");
        Assert.Equal(Verdict.Mismatch, Matcher.Decide(record, Lan, MatchPolicies.Strict).Verdict);
        Assert.Equal(Verdict.Match, Matcher.Decide(record, Lan, MatchPolicies.Tolerant).Verdict);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Decide_NoId_MissingId(string? id)
    {
        Assert.Equal(Verdict.MissingId, Matcher.Decide(new SectorRecord(id, "Nguyễn Thị Lan", "17/05/1990", "Nữ"), null, MatchPolicies.Strict).Verdict);
    }

    [Theory]
    [InlineData("001191654321", IdRule.BirthYearMismatch)]
    [InlineData("003190654321", IdRule.UnknownProvince)]
    [InlineData("0011906543", IdRule.Length)]
    public void Decide_IdContradictsRecord_InvalidIdNamingTheRule(string id, IdRule rule)
    {
        MatchDecision d = Matcher.Decide(new SectorRecord(id, "Nguyễn Thị Lan", "17/05/1990", "Nữ"), Lan, MatchPolicies.Tolerant);
        Assert.Equal(Verdict.InvalidId, d.Verdict);
        Assert.Equal(rule, d.IdCheck.BrokenRule);
    }

    [Fact]
    public void Decide_WrongGenderOnCorrectId_MismatchOnGenderNotInvalidId()
    {
        // 001190654321 is Lan's (digit 4 = 1: female, 1900s); the sector wrote her as male.
        MatchDecision d = Matcher.Decide(new SectorRecord("001190654321", "Nguyễn Thị Lan", "17/05/1990", "Nam"), Lan, MatchPolicies.Tolerant);
        Assert.Equal(Verdict.Mismatch, d.Verdict);
        Assert.Equal(MatchField.Gender, d.Differing);
        Assert.True(d.IdCheck.IsValid);
    }

    [Fact]
    public void Decide_WrongGenderOnUnheldId_NotFound()
    {
        Assert.Equal(Verdict.NotFound, Matcher.Decide(new SectorRecord("001190654321", "Nguyễn Thị Lan", "17/05/1990", "Nam"), null, MatchPolicies.Strict).Verdict);
    }

    [Fact]
    public void Decide_NoReferenceRecord_NotFound()
    {
        Assert.Equal(Verdict.NotFound, Matcher.Decide(new SectorRecord("001190654321", "Nguyễn Thị Lan", "17/05/1990", "Nữ"), null, MatchPolicies.Strict).Verdict);
    }

    [Fact]
    public void Decide_MatchesDeceasedCitizen_Deceased()
    {
        MatchDecision d = Matcher.Decide(new SectorRecord("001190654321", "Nguyễn Thị Lan", "17/05/1990", "Nữ"), Lan with { IsDeceased = true }, MatchPolicies.Strict);
        Assert.Equal(Verdict.Deceased, d.Verdict);
    }

    [Fact]
    public void Decide_Cmnd_ComparedWithRecordsCmnd()
    {
        MatchDecision ok = Matcher.Decide(new SectorRecord("123456789", "Nguyễn Thị Lan", "17/05/1990", "Nữ"), Lan, MatchPolicies.Strict);
        MatchDecision wrong = Matcher.Decide(new SectorRecord("123456780", "Nguyễn Thị Lan", "17/05/1990", "Nữ"), Lan, MatchPolicies.Strict);
        Assert.Equal(Verdict.Match, ok.Verdict);
        Assert.Equal(MatchLevel.Exact, ok.Comparison.Cmnd.Level);
        Assert.Equal(Verdict.Mismatch, wrong.Verdict);
        Assert.Equal(MatchField.Cmnd, wrong.Differing);
    }

    [Fact]
    public void Decide_HotPath_AllocatesNothing()
    {
        var records = new[]
        {
            new SectorRecord("001190654321", "Nguyễn Thị Lan", "17/05/1990", "Nữ"),
            new SectorRecord("001190654321", "NGUYEN THI LAN", "1990", "2"),
            new SectorRecord("001190654321", "Nguyễn Lan", "05/17/1990", "F"),
            new SectorRecord("001190654321", "Nguyễn Thị Lam", "1990-05-17", "Nữ"),
        };
        foreach (SectorRecord r in records)
        {
            Matcher.Decide(r, Lan, MatchPolicies.Tolerant); // warm up: static tables, JIT
        }

        // Compared with one byte a call rather than an exact 0: the runtime may allocate a few KB on this
        // thread while it recompiles the loop (tiered JIT, on-stack replacement); one object per call
        // would be ≥ 24 bytes a call.
        const int Calls = 100_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        int matches = 0;
        for (int i = 0; i < Calls; i++)
        {
            matches += Matcher.Decide(records[i & 3], Lan, MatchPolicies.Tolerant).Verdict == Verdict.Match ? 1 : 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Calls, $"{allocated} bytes for {Calls} decisions");
        Assert.Equal(75_000, matches);
    }
}
