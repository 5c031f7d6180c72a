using System.Text.Json;
using DeAn06.Contracts;
using DeAn06.Contracts.Csv;
using DeAn06.Verification.Batch;
using DeAn06.Verification.Storage;
using DeAn06.Verification.Verification;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeAn06.Verification.Tests.Batch;

/// <summary>
/// The batch readers give back what the writers wrote: CSV cells written with the contracts'
/// <see cref="CsvCell"/> (RFC 4180 quoting), NDJSON lines written by System.Text.Json with the service's
/// own <see cref="VerificationJsonContext"/> or default options. Values with commas, quotes,
/// apostrophes, semicolons, Vietnamese letters in either Unicode form and odd spacing included.
/// Outside the domain: line breaks inside a value (both readers are line-based and refuse such a
/// record), and cells that start like a spreadsheet formula, which <see cref="CsvCell"/> defuses
/// with a leading quote on purpose.
/// </summary>
public sealed class RecordReaderProperties
{
    private const string Header = "MaHoSo,SoDinhDanh,SoCMND,HoVaTen,NgayThangNamSinh,GioiTinh";

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

    private static Gen<char> TextChar => Gen.Frequency(
        (6, Gen.Elements("abcdeghiklmnopqrstuvxyABCDĐEGHIKLMNOPQRSTUVXYăâđêôơưáàảãạấầẩẫậếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ".ToCharArray())),
        (3, Gen.Elements(' ', ' ', '\u00A0', '\t')),
        (3, Gen.Elements(',', '"', '\'', ';', '.', '(', ')', '/', '\\', '{', '}', '[', ']', ':', '=', '-', '+', '@', '’', '\u200B', '\u0301', '\u0323')));

    /// <summary>Non-blank text without a line break, not starting like a formula.</summary>
    private static Gen<string> Text(int max) =>
        Gen.NonEmptyListOf(TextChar)
            .Select(chars => new string([.. chars.Take(max)]))
            .Where(s => !string.IsNullOrWhiteSpace(s) && Array.IndexOf(FormulaStarts, s[0]) < 0);

    private static Gen<string> Digits(int length) =>
        from digits in Gen.ArrayOf(Gen.Choose(0, 9), length)
        from style in Gen.Choose(0, 2)
        let plain = string.Concat(digits)
        select style switch
        {
            0 => plain,
            1 => string.Join(' ', plain.Chunk(3).Select(c => new string(c))),
            _ => string.Join('.', plain.Chunk(3).Select(c => new string(c))),
        };

    private static Gen<string> Date =>
        from year in Gen.Choose(1900, 2025)
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, 28)
        from format in Gen.Elements("dd/MM/yyyy", "yyyy-MM-dd", "yyyyMMdd", "yyyy")
        select new DateOnly(year, month, day).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    private static Gen<VerificationRecord> Record =>
        from id in Gen.OrNull(Digits(12))
        from cmnd in Gen.OrNull(Digits(9))
        from name in Text(RecordValidation.MaxNameLength)
        from date in Gen.OrNull(Date)
        from gender in Gen.OrNull(Gen.Elements("Nam", "Nữ", "nam", "NỮ", "M", "F", "1", "2", "0"))
        from reference in Gen.OrNull(Text(40))
        select new VerificationRecord(id, cmnd, name, date, gender, reference);

    private static Gen<VerificationRecord[]> File => Gen.NonEmptyListOf(Record).Select(l => l.Take(20).ToArray());

    [Property(MaxTest = 300)]
    public Property CsvReader_FileWrittenWithCsvCell_SameRecords() =>
        Prop.ForAll(File.ToArbitrary(), records =>
        {
            IEnumerable<string> lines = records.Select(r => string.Join(',', new[] { r.MaHoSo, r.SoDinhDanh, r.SoCMND, r.HoVaTen, r.NgayThangNamSinh, r.GioiTinh }.Select(CsvCell.Encode)));
            string file = Header + "\n" + string.Join("\r\n", lines) + "\n";
            // An empty cell reads as an empty reference; the reader has no null for a column that is there.
            return SameRecords(Read(new CsvRecordReader(), file), records, csv: true, file);
        });

    [Property(MaxTest = 300)]
    public Property NdjsonReader_FileWrittenWithSystemTextJson_SameRecords() =>
        Prop.ForAll(File.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (records, serviceContext) =>
        {
            IEnumerable<string> lines = records.Select(r => serviceContext
                ? JsonSerializer.Serialize(r, VerificationJsonContext.Default.VerificationRecord)
                : JsonSerializer.Serialize(r));
            string file = string.Join("\n", lines) + "\n";
            return SameRecords(Read(new NdjsonRecordReader(), file), records, csv: false, file);
        });

    private static Property SameRecords(List<LineResult> read, VerificationRecord[] written, bool csv, string file)
    {
        var expected = written.Select((r, i) => new InputRecord(
            i + (csv ? 2 : 1),
            Blank(r.SoDinhDanh) ? (Blank(r.SoCMND) ? null : r.SoCMND) : r.SoDinhDanh,
            r.HoVaTen,
            Blank(r.NgayThangNamSinh) ? null : r.NgayThangNamSinh,
            Blank(r.GioiTinh) ? null : r.GioiTinh,
            csv ? r.MaHoSo ?? "" : r.MaHoSo)).ToList();
        List<InputRecord?> actual = [.. read.Select(l => l.Record)];
        string rejected = string.Join("; ", read.Where(l => l.Record is null).Select(l => $"line {l.Line}: {l.Rejection}"));
        return actual.SequenceEqual(expected.Cast<InputRecord?>())
            .Label($"file:\n{file}\nrejected: {rejected}\nread: {string.Join(" | ", actual)}\nexpected: {string.Join(" | ", expected)}");
    }

    private static bool Blank(string? s) => string.IsNullOrWhiteSpace(s);

    private static List<LineResult> Read(IRecordReader reader, string file) =>
        reader.ReadAsync(new StringReader(file), CancellationToken.None).ToBlockingEnumerable().ToList();
}
