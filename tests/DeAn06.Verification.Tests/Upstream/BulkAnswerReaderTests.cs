using System.Text;
using System.Text.Json;
using DeAn06.Matching.Records;
using DeAn06.Verification.Upstream;

namespace DeAn06.Verification.Tests.Upstream;

/// <summary>
/// The one-pass reader of bulk look-up answers gives what the document reader (<see cref="CitizenJson"/>
/// over a parsed answer, the way every answer was read before) gives, and refuses what it refused.
/// </summary>
public sealed class BulkAnswerReaderTests
{
    private const string Found =
        """{"Yeucau":"001085000001","TimThay":true,"CongDan":{"SoDinhDanh":"001085000001","SoCMND":"012345678","HoVaTen":{"Ho":"Nguyễn","ChuDem":"Văn","Ten":"An"},"GioiTinh":"1","NgayThangNamSinh":{"NgayThangNam":"19850122","Nam":"1985"},"DanToc":"01","QuocTich":"VN","ThuongTru":{"MaDonViHanhChinh":"00001"}}}""";

    public static TheoryData<string> Answers() => new()
    {
        $$"""{"KetQua":[{{Found}}]}""",
        """{"KetQua":[{"Yeucau":"001085000002","TimThay":false}]}""",
        """{"KetQua":[{"Yeucau":"001085000002","TimThay":false,"CongDan":null}]}""",
        """{"KetQua":[]}""",
        // Year only, no CMND, deceased, no middle name, female.
        """{"KetQua":[{"TimThay":true,"CongDan":{"SoDinhDanh":"002190000003","HoVaTen":{"Ho":"Lò","ChuDem":"","Ten":"Thị Mai"},"GioiTinh":"2","NgayThangNamSinh":{"Nam":"1990"},"ChetMatTich":{"TinhTrang":"Chet","NgayChet":"20200101"}}}]}""",
        // Members in another order, unknown members, escaped text, null parts and fields.
        """{"Them":[1,{"a":2}],"KetQua":[{"CongDan":{"NgayThangNamSinh":{"Nam":"1970","NgayThangNam":null},"HoVaTen":{"Ten":"B\u1EA3o","Ho":null,"X":1},"SoDinhDanh":"001070000004","SoCMND":null,"GioiTinh":null,"Khac":{"y":[true]}},"TimThay":true}],"Sau":"x"}""",
        // A CMND that is not nine digits, a date that is not a date, an unknown gender.
        """{"KetQua":[{"TimThay":true,"CongDan":{"SoDinhDanh":"001070000005","SoCMND":"12A","HoVaTen":{"Ho":"Trần"},"GioiTinh":"X","NgayThangNamSinh":{"NgayThangNam":"31/02/1970"}}}]}""",
        $$"""{"KetQua":[{{Found}},{"TimThay":false},{{Found.Replace("001085000001", "079199000006", StringComparison.Ordinal)}}]}""",
    };

    public static TheoryData<string> Refused() => new()
    {
        "",
        "[]",
        """{"Khac":[]}""",
        """{"KetQua":{}}""",
        """{"KetQua":[{"Yeucau":"1"}]}""",
        """{"KetQua":[{"TimThay":"true"}]}""",
        """{"KetQua":[{"TimThay":true}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":null}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":"x"}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":{"HoVaTen":{},"NgayThangNamSinh":{"Nam":"1990"}}}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":{"SoDinhDanh":1,"HoVaTen":{},"NgayThangNamSinh":{"Nam":"1990"}}}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":{"SoDinhDanh":"12x","HoVaTen":{},"NgayThangNamSinh":{"Nam":"1990"}}}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":{"SoDinhDanh":"99999999999999999999","HoVaTen":{},"NgayThangNamSinh":{"Nam":"1990"}}}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":{"SoDinhDanh":"001","NgayThangNamSinh":{"Nam":"1990"}}}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":{"SoDinhDanh":"001","HoVaTen":{}}}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":{"SoDinhDanh":"001","HoVaTen":{},"NgayThangNamSinh":{}}}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":{"SoDinhDanh":"001","HoVaTen":{"Ho":1},"NgayThangNamSinh":{"Nam":"1990"}}}]}""",
        """{"KetQua":[{"TimThay":true,"CongDan":{"SoDinhDanh":"001","HoVaTen":{},"NgayThangNamSinh":{"Nam":"1990"},"GioiTinh":1}}]}""",
        """{"KetQua":[]} x""",
        """{"KetQua":[]""",
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Read_AnAnswerOfTheContract_WhatTheDocumentReaderGives(string answer)
    {
        ReferenceRecord?[] expected = ByDocument(answer);

        ReferenceRecord?[] read = BulkAnswerReader.Read(Encoding.UTF8.GetBytes(answer), expected.Length);

        Assert.Equal(expected, read);
    }

    [Fact]
    public void Read_AFoundCitizen_ItsFields()
    {
        ReferenceRecord found = Assert.Single(BulkAnswerReader.Read(Encoding.UTF8.GetBytes($$"""{"KetQua":[{{Found}}]}"""), 1))!.Value;

        Assert.Equal((1085000001L, 12345678, "Nguyễn Văn An", 19850122, Matching.Genders.Gender.Male, false),
            (found.Id, found.Cmnd, found.FullName, found.BirthDate.Number, found.Gender, found.IsDeceased));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Read_AnAnswerOutsideTheContract_RefusedAsTheDocumentReaderRefusedIt(string answer)
    {
        Assert.ThrowsAny<Exception>(() => ByDocument(answer));

        Exception refused = Assert.ThrowsAny<Exception>(() => BulkAnswerReader.Read(Encoding.UTF8.GetBytes(answer), 1));

        Assert.True(refused is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException,
            $"{refused.GetType().Name}: {refused.Message}");
    }

    /// <summary>How answers were read before: a document, then each item's CongDan through CitizenJson.</summary>
    private static ReferenceRecord?[] ByDocument(string answer)
    {
        using JsonDocument doc = JsonDocument.Parse(answer);
        return Answer.Read(doc, "TraCuuThongTinCongDan/bulk", root => root.GetProperty("KetQua").EnumerateArray()
            .Select(item => item.GetProperty("TimThay").GetBoolean() ? CitizenJson.Read(item.GetProperty("CongDan")) : (ReferenceRecord?)null)
            .ToArray());
    }
}
