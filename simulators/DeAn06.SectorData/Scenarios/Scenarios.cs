namespace DeAn06.SectorData.Scenarios;

/// <summary>The report figures of ../shared/DOMAIN.md as scenarios.</summary>
public static class Scenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("backan-bhxh-2024-07", "BHXH Bắc Kạn, 07/2024", "BHXH", "06", "tolerant", 310_462, 310_080,
            new Dictionary<Discrepancy, long> { [Discrepancy.MissingId] = 211, [Discrepancy.WrongBirthDate] = 171 },
            "Bắc Kạn report 07/2024: 382 records not synchronised, for lack of a personal ID number or differing personal information.",
            "The report gives no split of the 382; we take 211 without ID and 171 with differing information (the split DESIGN.md uses as its example)."),
        new("thanhhoa-bhxh-2023-09", "BHXH Thanh Hóa, 09/2023", "BHXH", "38", "tolerant", 3_200_783, 3_079_271,
            new Dictionary<Discrepancy, long> { [Discrepancy.NotInPopulation] = 72_907, [Discrepancy.WrongBirthDate] = 48_605 },
            "Thanh Hóa report 09/2023: children/participants with an ID in the insurance DB but not in the population DB; pensioners with wrong personal information.",
            "No split given for the 121,512; we assume 60 % not in the population DB (72,907) and 40 % wrong personal information (48,605)."),
        new("thanhhoa-thue-2023-09", "Thuế Thanh Hóa, 09/2023", "THUE", "38", "strict", 2_262_033, 1_721_898,
            new Dictionary<Discrepancy, long> { [Discrepancy.NoDiacritics] = 270_068, [Discrepancy.WrongBirthDate] = 162_040, [Discrepancy.WrongIdDigits] = 108_027 },
            "Thanh Hóa report 09/2023: 540,135 tax codes not matching the population DB.",
            "The report says only 'chưa khớp đúng'; we assume half are names kept without diacritics (a mismatch under the strict policy the tax sector uses), 30 % wrong birth dates and 20 % ID numbers with wrong digits."),
        new("thanhhoa-covid-2023-09", "Tiêm chủng COVID Thanh Hóa, 09/2023", "YTE", "38", "tolerant", 3_063_393, 2_798_936,
            new Dictionary<Discrepancy, long> { [Discrepancy.MissingId] = 132_229, [Discrepancy.WrongBirthDate] = 132_228 },
            "Thanh Hóa report 09/2023: 264,457 not verifiable: foreigners with a passport only (no CMND/CCCD); wrong address or phone declared.",
            "Foreigners with a passport only carry no ID (MISSING_ID); we take half of the 264,457 as such and the other half as wrongly declared personal information."),
        new("brvt-bhyt-2024-05", "BHYT Bà Rịa - Vũng Tàu, 05/2024", "BHYT", "77", "tolerant", 1_019_623, 996_007,
            new Dictionary<Discrepancy, long> { [Discrepancy.WrongBirthDate] = 14_170, [Discrepancy.WrongIdDigits] = 9_446 },
            "Bà Rịa–Vũng Tàu report 05/2024: CCCD verification of health-insurance records, 97,7 %.",
            "No reasons given for the 23,616; we assume 60 % differing personal information and 40 % mistyped ID numbers."),
        new("backan-giaoduc-2024-07", "Giáo dục Bắc Kạn, 07/2024", "GIAODUC", "06", "tolerant", 80_442, 79_887,
            new Dictionary<Discrepancy, long> { [Discrepancy.MissingId] = 333, [Discrepancy.WrongBirthDate] = 222 },
            "Bắc Kạn report 07/2024: the Sở Giáo dục và Đào tạo checked its staff and pupils against the population DB, \"đạt 99,31 %\", without counts.",
            "The report gives only the rate. We take the province's schools at about 72,500 pupils and 8,000 teachers and staff (80,442 records) and the "
            + "smallest matched count whose rate, cut to two decimals, is 99,31 % (79,887); of the other 555, 60 % pupils whose personal ID number "
            + "the school has not recorded (333) and 40 % differing personal information (222).",
            ReportedRate: "99,31 %"),
    ];

    public static Scenario? Find(string name) => All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
