using DeAn06.Matching.Ids;

namespace DeAn06.Matching.Tests.Ids;

public sealed class ProvinceMerger2025Tests
{
    [Fact]
    public void NewProvinceOf_All63_MapOntoThe34OfResolution202()
    {
        Assert.Equal(63, ProvinceCodes.All.Count);
        Assert.All(ProvinceCodes.All, code => Assert.NotNull(ProvinceMerger2025.NewProvinceOf(code)));
        Assert.Equal(34, ProvinceCodes.All.Select(c => ProvinceMerger2025.NewProvinceOf(c)).Distinct().Count());
        Assert.Equal(34, ProvinceMerger2025.NewProvinces.Count);
        // 11 provinces unchanged, 23 formed from two or three.
        var sizes = ProvinceCodes.All.GroupBy(c => ProvinceMerger2025.NewProvinceOf(c)).Select(g => g.Count()).ToList();
        Assert.Equal(11, sizes.Count(n => n == 1));
        Assert.Equal(23, sizes.Count(n => n is 2 or 3));
    }

    [Theory]
    [InlineData(6, "Thái Nguyên")]      // Bắc Kạn
    [InlineData(77, "Thành phố Hồ Chí Minh")] // Bà Rịa - Vũng Tàu
    [InlineData(74, "Thành phố Hồ Chí Minh")] // Bình Dương
    [InlineData(2, "Tuyên Quang")]      // Hà Giang
    [InlineData(17, "Phú Thọ")]         // Hòa Bình
    [InlineData(36, "Ninh Bình")]       // Nam Định
    [InlineData(62, "Quảng Ngãi")]      // Kon Tum
    [InlineData(52, "Gia Lai")]         // Bình Định
    [InlineData(60, "Lâm Đồng")]        // Bình Thuận
    [InlineData(93, "Cần Thơ")]         // Hậu Giang
    [InlineData(84, "Vĩnh Long")]       // Trà Vinh
    [InlineData(91, "An Giang")]        // Kiên Giang
    [InlineData(38, "Thanh Hóa")]       // unchanged
    [InlineData(46, "Huế")]             // unchanged, named as the city of Huế
    public void NewNameOf_OldProvince_TheProvinceItIsPartOfSince2025(int oldCode, string expected) =>
        Assert.Equal(expected, ProvinceMerger2025.NewNameOf(ProvinceMerger2025.NewProvinceOf(oldCode)!.Value));

    [Fact]
    public void NewProvinceOf_NotAProvinceCode_Null() => Assert.Null(ProvinceMerger2025.NewProvinceOf(3));
}
