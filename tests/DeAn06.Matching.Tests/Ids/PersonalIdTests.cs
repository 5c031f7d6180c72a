using DeAn06.Matching.Genders;
using DeAn06.Matching.Ids;

namespace DeAn06.Matching.Tests.Ids;

public sealed class PersonalIdTests
{
    [Theory]
    [InlineData("006085123456", Gender.Male, 1985)]
    [InlineData("001190654321", Gender.Female, 1990)]
    [InlineData("079203000001", Gender.Male, 2003)]
    [InlineData("038315000001", Gender.Female, 2015)]
    [InlineData("006 085 123 456", Gender.Male, 1985)]
    [InlineData("006.085.123.456", Gender.Unknown, 0)]
    [InlineData("006\u200B085123456", Gender.Male, 1985)]
    [InlineData("\uFEFF006085123456", Gender.Male, 1985)]
    [InlineData("006085\u00AD123456", Gender.Male, 1985)]
    [InlineData("006085123456\u2060", Gender.Male, 1985)]
    [InlineData("006\u200C085\u200D123456", Gender.Male, 1985)]
    public void Check_WellFormedId_Valid(string id, Gender gender, int year)
    {
        IdCheck check = PersonalId.Check(id, gender, year);
        Assert.True(check.IsValid, check.Describe());
        Assert.Equal(IdKind.PersonalId, check.Kind);
    }

    [Theory]
    [InlineData("00608512345", IdRule.Length)]
    [InlineData("0060851234567", IdRule.Length)]
    [InlineData("00608512345A", IdRule.NonDigit)]
    [InlineData("003085123456", IdRule.UnknownProvince)]
    [InlineData("099085123456", IdRule.UnknownProvince)]
    public void Check_Malformed_NamesTheRule(string id, IdRule rule)
    {
        IdCheck check = PersonalId.Check(id);
        Assert.Equal(IdKind.Invalid, check.Kind);
        Assert.Equal(rule, check.BrokenRule);
        Assert.False(string.IsNullOrEmpty(check.Describe()));
    }

    [Theory]
    [InlineData("006085123456", Gender.Female, 1985, IdRule.GenderMismatch)]
    [InlineData("006185123456", Gender.Male, 1985, IdRule.GenderMismatch)]
    [InlineData("006085123456", Gender.Male, 2085, IdRule.CenturyMismatch)]
    [InlineData("006285123456", Gender.Male, 1985, IdRule.CenturyMismatch)]
    [InlineData("006085123456", Gender.Male, 1986, IdRule.BirthYearMismatch)]
    public void Check_ContradictsStatedGenderOrYear_NamesTheRule(string id, Gender gender, int year, IdRule rule)
    {
        Assert.Equal(rule, PersonalId.Check(id, gender, year).BrokenRule);
    }

    [Fact]
    public void Check_NineDigits_RecognisedAsCmnd()
    {
        IdCheck check = PersonalId.Check("095 123 456");
        Assert.Equal(IdKind.Cmnd, check.Kind);
        Assert.Equal(95123456, check.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Check_Nothing_Missing(string? id)
    {
        Assert.Equal(IdKind.Missing, PersonalId.Check(id).Kind);
    }

    [Fact]
    public void Mask_Id_KeepsProvinceAndLastTwoDigits()
    {
        Assert.Equal("006*******56", PersonalId.Mask(6085123456));
        Assert.Equal("09*****56", PersonalId.Mask(95123456, IdKind.Cmnd));
    }

    [Fact]
    public void ImpliedBirthYearAndGender_FromDigitsFourToSix()
    {
        Assert.Equal(2005, PersonalId.ImpliedBirthYear(1305123456));
        Assert.Equal(Gender.Female, PersonalId.ImpliedGender(1305123456));
    }
}
