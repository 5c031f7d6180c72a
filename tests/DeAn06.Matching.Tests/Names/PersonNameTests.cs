using System.Text;
using DeAn06.Matching.Names;

namespace DeAn06.Matching.Tests.Names;

public sealed class PersonNameTests
{
    [Theory]
    [InlineData("Nguyễn Thị Minh Khai", "Nguyễn", "Thị Minh", "Khai")]
    [InlineData("  Lê   Văn  Tám ", "Lê", "Văn", "Tám")]
    [InlineData("Giàng A Páo", "Giàng", "A", "Páo")]
    [InlineData("Trần Hùng", "Trần", "", "Hùng")]
    [InlineData("Hùng", "", "", "Hùng")]
    public void Parse_FullName_FamilyMiddleGiven(string full, string family, string middle, string given)
    {
        Assert.Equal(new PersonName(family, middle, given), PersonName.Parse(full));
    }

    [Fact]
    public void Parse_NfdInput_ComposedParts()
    {
        PersonName name = PersonName.Parse("Phạm Thị Hường".Normalize(NormalizationForm.FormD))!;
        Assert.Equal("Hường", name.Given);
        Assert.True(name.Given.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("Phạm Thị Hường", name.Full);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Parse_Blank_Null(string? full)
    {
        Assert.Null(PersonName.Parse(full));
    }
}
