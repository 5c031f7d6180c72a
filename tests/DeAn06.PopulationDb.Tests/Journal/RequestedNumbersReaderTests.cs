using System.Text;
using DeAn06.PopulationDb.Journal;

namespace DeAn06.PopulationDb.Tests.Journal;

public sealed class RequestedNumbersReaderTests
{
    [Theory]
    [InlineData("""{"SoDinhDanh":"001082307521"}""", new[] { "001082307521" })]
    [InlineData("""{"SoCMND":"123456789"}""", new[] { "123456789" })]
    [InlineData("""{"SoDinhDanh":["001082307521","123456789"]}""", new[] { "001082307521", "123456789" })]
    [InlineData("""{"HoVaTen":{"SoDinhDanh":"999999999999"},"SoDinhDanh":"001082307521","SoCMND":null}""", new[] { "001082307521" })]
    [InlineData("""{"SoDinhDanh":["001082307521",""", new[] { "001082307521" })]
    [InlineData("""not json""", new string[0])]
    [InlineData("""{"HoVaTen":"Nguyễn Văn An","NamSinh":"1990"}""", new string[0])]
    public void Parse_NumbersAtTopLevelOnly_LenientOnBrokenBodies(string body, string[] expected) =>
        Assert.Equal(expected, RequestedNumbersReader.Parse(Encoding.UTF8.GetBytes(body)));
}
