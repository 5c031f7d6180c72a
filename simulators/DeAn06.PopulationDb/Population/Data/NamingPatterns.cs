namespace DeAn06.PopulationDb.Population.Data;

/// <summary>
/// Naming data. Kinh family-name shares follow the commonly cited national figures (Nguyễn ~38 %,
/// Trần ~11 %, Lê ~9.5 %, Phạm ~7 %, Hoàng/Huỳnh ~5 %, Phan ~4.5 %, Vũ/Võ ~4 %, then Đặng, Bùi, Đỗ,
/// Hồ, Ngô, Dương, Lý). Given names are listed most common first and drawn with Zipf weights.
/// Minority patterns: Tày and Nùng (Văn/Thị middle names, own family names), H'Mông (A/Seo/Mí
/// middle names for men, monosyllabic given names), Dao (Triệu, Bàn, Đặng...), Thái (Lò, Lường,
/// Cầm...), Mường (Bùi, Đinh, Quách...).
/// </summary>
public static class NamingPatterns
{
    private static readonly (string, double)[] KinhFamily =
    [
        ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.1), ("Hoàng", 4.1), ("Huỳnh", 1.0),
        ("Phan", 4.5), ("Vũ", 2.5), ("Võ", 1.4), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
        ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đào", 0.9), ("Đoàn", 0.8), ("Trương", 0.8),
        ("Đinh", 0.7), ("Trịnh", 0.7), ("Hà", 0.6), ("Cao", 0.5), ("Lương", 0.5), ("Mai", 0.5),
        ("Lâm", 0.5), ("Lưu", 0.4), ("Vương", 0.3), ("Phùng", 0.3), ("Tô", 0.3), ("Tạ", 0.3),
        ("Châu", 0.3), ("Chu", 0.3), ("Quách", 0.2), ("Thái", 0.2), ("Kiều", 0.2), ("Triệu", 0.2),
        ("Lại", 0.2), ("Hứa", 0.1), ("La", 0.1), ("Tôn", 0.1), ("Khúc", 0.1), ("Nghiêm", 0.1),
        ("Mạc", 0.1), ("Từ", 0.1), ("Giang", 0.1),
    ];

    private static readonly (string, double)[] KinhMaleMiddleOlder =
    [
        ("Văn", 55), ("Đức", 8), ("Hữu", 6), ("Quang", 5), ("Minh", 5), ("Công", 5), ("Đình", 5),
        ("Xuân", 4), ("Ngọc", 3), ("Thanh", 3), ("Trọng", 2), ("Quốc", 2), ("Mạnh", 1), ("Tiến", 1),
        ("Duy", 1), ("Bá", 1),
    ];

    private static readonly (string, double)[] KinhMaleMiddleYounger =
    [
        ("Văn", 20), ("Minh", 10), ("Đức", 8), ("Quang", 6), ("Anh", 5), ("Hoàng", 5), ("Gia", 5),
        ("Tuấn", 4), ("Quốc", 4), ("Thành", 4), ("Hữu", 4), ("Công", 3), ("Trung", 3), ("Đình", 3),
        ("Bảo", 3), ("Duy", 3), ("Nhật", 3), ("Hải", 2), ("Tiến", 2), ("Xuân", 2), ("Ngọc", 2),
        ("Thanh", 2), ("Hoàng Minh", 1), ("Minh Quang", 1), ("Đăng", 1), ("Khánh", 1),
    ];

    private static readonly (string, double)[] KinhFemaleMiddleOlder =
    [
        ("Thị", 75), ("Ngọc", 4), ("Thu", 4), ("Thanh", 3), ("Kim", 3), ("Hồng", 3), ("Bích", 2),
        ("Minh", 2), ("Thúy", 2), ("Phương", 2),
    ];

    private static readonly (string, double)[] KinhFemaleMiddleYounger =
    [
        ("Thị", 30), ("Ngọc", 8), ("Thu", 5), ("Thanh", 5), ("Minh", 5), ("Phương", 5), ("Bảo", 4),
        ("Khánh", 4), ("Hà", 3), ("Kim", 3), ("Hồng", 3), ("Mai", 3), ("Thùy", 3), ("Diệu", 3),
        ("Quỳnh", 2), ("Hải", 2), ("Thảo", 2), ("Hoài", 2), ("Gia", 2), ("Thị Minh", 1), ("Thị Thu", 1),
        ("Ngọc Bảo", 1),
    ];

    private static readonly string[] KinhMaleGiven =
    [
        "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Long", "Sơn", "Thắng", "Cường", "Hưng", "Hoàng",
        "Huy", "Khoa", "Phúc", "Quân", "Trung", "Việt", "Đức", "Anh", "Bình", "Thành", "Tùng", "Phong",
        "Toàn", "Kiên", "Hiếu", "Trí", "Khánh", "Đạt", "Lâm", "Vinh", "Tài", "Tâm", "An", "Bảo", "Duy",
        "Hậu", "Lộc", "Lợi", "Nghĩa", "Nhân", "Quang", "Tân", "Thái", "Thiện", "Thịnh", "Tiến", "Trọng",
        "Vũ", "Hòa", "Hiển", "Chiến", "Công", "Định", "Giang", "Khải", "Mạnh", "Tú", "Quý", "Sang",
        "Thuận", "Khang", "Khôi", "Nhật", "Phát", "Danh", "Đông", "Hiệp", "Luân",
    ];

    private static readonly string[] KinhFemaleGiven =
    [
        "Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Hằng", "Thảo", "Ngọc", "Nga", "Hà", "Huyền",
        "Phương", "Anh", "Thủy", "Yến", "Dung", "Loan", "Nhung", "Hạnh", "Vân", "Thu", "Hồng", "Oanh",
        "Liên", "Quyên", "Trinh", "Tâm", "Nhi", "Vy", "Giang", "Chi", "Hiền", "Ly", "Thư", "Uyên",
        "Quỳnh", "Tuyết", "Diệp", "Khánh", "Ngân", "Thơm", "Nhàn", "Lệ", "Bích", "Cúc", "Hậu", "Xuân",
        "Duyên", "Hòa", "My", "Thúy", "Trâm", "Châu", "Diễm", "Kiều", "Nguyệt", "Phượng", "Hảo", "Lý",
    ];

    private static readonly (string, double)[] VanThiMale = [("Văn", 85), ("Đức", 5), ("Quang", 5), ("Minh", 5)];
    private static readonly (string, double)[] VanThiFemale = [("Thị", 90), ("Thu", 5), ("Hồng", 5)];

    public static NamingPattern Kinh { get; } = new(
        Ethnicity.Kinh, KinhFamily, KinhMaleMiddleOlder, KinhMaleMiddleYounger,
        KinhFemaleMiddleOlder, KinhFemaleMiddleYounger, KinhMaleGiven, KinhFemaleGiven);

    public static NamingPattern Tay { get; } = new(
        Ethnicity.Tay,
        [("Hoàng", 20), ("Nông", 15), ("Ma", 8), ("Hà", 8), ("Nguyễn", 8), ("Lục", 5), ("Triệu", 5),
         ("Đàm", 4), ("Bế", 4), ("Lương", 4), ("Lường", 3), ("Mông", 2), ("Hứa", 2), ("Lăng", 2), ("Phùng", 2)],
        VanThiMale, VanThiMale, VanThiFemale, KinhFemaleMiddleYounger,
        KinhMaleGiven, KinhFemaleGiven);

    public static NamingPattern Nung { get; } = new(
        Ethnicity.Nung,
        [("Hoàng", 15), ("Nông", 15), ("Lương", 8), ("Lý", 6), ("Lăng", 6), ("Chu", 5), ("Vy", 5),
         ("Nguyễn", 5), ("Hứa", 4), ("Triệu", 4), ("Sầm", 3), ("Mã", 3), ("Đinh", 3), ("Vi", 3)],
        VanThiMale, VanThiMale, VanThiFemale, VanThiFemale,
        KinhMaleGiven, KinhFemaleGiven);

    public static NamingPattern Hmong { get; } = new(
        Ethnicity.Hmong,
        [("Giàng", 15), ("Sùng", 12), ("Thào", 12), ("Vàng", 12), ("Lý", 8), ("Lầu", 6), ("Vừ", 6),
         ("Mùa", 5), ("Hạng", 5), ("Hầu", 4), ("Tráng", 3), ("Cứ", 3)],
        [("A", 40), ("Seo", 20), ("Văn", 20), ("Mí", 10), ("Chứ", 5)],
        [("A", 35), ("Seo", 20), ("Văn", 30), ("Mí", 10)],
        [("Thị", 90), ("Mỷ", 5), ("Mai", 5)],
        [("Thị", 90), ("Mỷ", 5), ("Mai", 5)],
        ["Páo", "Chứ", "Sử", "Dế", "Pàng", "Tủa", "Chá", "Nhìa", "Lử", "Sình", "Vư", "Súa", "Pó", "Tếnh", "Dình", "Lềnh"],
        ["Mỷ", "Dua", "Xúa", "Mai", "Sua", "Dợ", "Chử", "Pà", "Ly", "Dính", "Máy", "Say", "Giống", "Sinh"]);

    public static NamingPattern Dao { get; } = new(
        Ethnicity.Dao,
        [("Triệu", 25), ("Bàn", 20), ("Đặng", 15), ("Lý", 12), ("Chảo", 8), ("Phàn", 6), ("Tẩn", 5),
         ("Hoàng", 5), ("Dương", 4)],
        [("Văn", 60), ("Tòn", 10), ("Láo", 5), ("Kiềm", 5)],
        [("Văn", 70), ("Tòn", 5), ("Minh", 5)],
        [("Thị", 90), ("Mùi", 5)],
        [("Thị", 85), ("Thu", 5)],
        ["Phẩy", "Chòi", "Tả", "Quẩy", "Nải", "Lở", "Kiềm", "Sinh", "Vảng", "Chàn", "Phin", "Tòng", "Minh", "Hùng"],
        ["Mẩy", "Pham", "Nái", "Sểnh", "Xuân", "Mây", "Liều", "Chạp", "Lìu", "Phù", "Mai", "Hoa"]);

    public static NamingPattern Thai { get; } = new(
        Ethnicity.Thai,
        [("Lò", 20), ("Lường", 15), ("Cầm", 10), ("Quàng", 8), ("Tòng", 8), ("Điêu", 6), ("Vì", 6),
         ("Hà", 6), ("Bạc", 5), ("Lừ", 4), ("Sa", 3), ("Lộc", 3), ("Lự", 3)],
        VanThiMale, VanThiMale, VanThiFemale, VanThiFemale,
        ["Pấng", "Khăm", "Ún", "Xuân", "Ơn", "Inh", "Phăn", "Panh", "Piếng", "Thoong", "Bun", "Hặc", "Chăn", "Hom"],
        ["Ún", "Ẻn", "Xiêm", "Ngoan", "Pọm", "Lả", "Phương", "Hoa", "Mai", "Inh", "Ngần", "Phiêng", "Kim"]);

    public static NamingPattern Muong { get; } = new(
        Ethnicity.Muong,
        [("Bùi", 35), ("Đinh", 20), ("Quách", 12), ("Hà", 8), ("Xa", 5), ("Nguyễn", 5), ("Bạch", 3),
         ("Hoàng", 3), ("Trương", 3)],
        VanThiMale, KinhMaleMiddleYounger, VanThiFemale, KinhFemaleMiddleYounger,
        KinhMaleGiven, KinhFemaleGiven);

    public static IReadOnlyList<NamingPattern> All { get; } = [Kinh, Tay, Nung, Hmong, Dao, Thai, Muong];

    public static NamingPattern For(Ethnicity ethnicity) =>
        All.FirstOrDefault(p => p.Ethnicity == ethnicity) ?? Kinh;
}
