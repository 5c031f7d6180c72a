using System.Runtime.CompilerServices;
using System.Text;
using DeAn06.Contracts.Batch;
using DeAn06.Verification.Errors;
using DeAn06.Verification.Storage;
using DeAn06.Verification.Verification;

namespace DeAn06.Verification.Batch;

/// <summary>
/// CSV with a header row of QCVN 109 names (RFC 4180 quoting; a record per line), as
/// <see cref="BatchFileFormat.CsvDescription"/> says. Unknown columns are refused so a misspelt header
/// does not silently drop a field. The separator is a comma, or a semicolon when the header is written
/// with semicolons (what Excel saves under a Vietnamese locale, whose list separator is ';').
/// </summary>
internal sealed class CsvRecordReader : IRecordReader
{
    public const int MaxLineLength = 4096;
    private static readonly string[] Known = ["SoDinhDanh", "SoCMND", "HoVaTen", "NgayThangNamSinh", "GioiTinh", "MaHoSo"];

    public async IAsyncEnumerable<LineResult> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        string? header = await reader.ReadLineAsync(ct);
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new BatchFileException(ErrorCode.EmptyFile, $"The file is empty; send {BatchFileFormat.CsvDescription}.");
        }

        TextEncoding.Check(header, 1);
        (int[] columns, char separator) = MapHeader(header.TrimStart('\uFEFF'));
        var fields = new List<string>(8);
        long line = 1;
        bool any = false;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            any = true;
            TextEncoding.Check(text, line);
            if (text.Length > MaxLineLength)
            {
                yield return new LineResult(line, null, $"The line is longer than {MaxLineLength} characters.");
                continue;
            }

            if (!Split(text, fields, out string? error, separator))
            {
                yield return new LineResult(line, null, error);
                continue;
            }

            if (fields.Count != columns.Length)
            {
                yield return new LineResult(line, null, $"The line has {fields.Count} fields; the header has {columns.Length}.");
                continue;
            }

            string? Field(int known) => Array.IndexOf(columns, known) is var i and >= 0 ? fields[i] : null;
            var record = RecordValidation.Read(Field(0), Field(1), Field(2), Field(3), Field(4), out string? invalid);
            yield return record is null
                ? new LineResult(line, null, invalid)
                : new LineResult(line, new InputRecord(line, record.Value.Id, record.Value.FullName, record.Value.BirthDate, record.Value.Gender, Field(5)), null);
        }

        if (!any)
        {
            throw new BatchFileException(ErrorCode.EmptyFile, "The file has a header but no records.");
        }
    }

    private static (int[] Columns, char Separator) MapHeader(string header)
    {
        var fields = new List<string>();
        // Column names hold neither separator, so the header tells which one the file uses.
        char separator = header.Contains(';', StringComparison.Ordinal) && !header.Contains(',', StringComparison.Ordinal) ? ';' : ',';
        if (!Split(header, fields, out string? error, separator))
        {
            throw new BatchFileException(ErrorCode.MalformedHeader, $"The header line cannot be read: {error}");
        }

        var columns = new int[fields.Count];
        var unknown = new List<string>();
        for (int i = 0; i < fields.Count; i++)
        {
            string name = fields[i].Trim();
            columns[i] = Array.FindIndex(Known, k => k.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (columns[i] < 0)
            {
                unknown.Add(name);
            }
        }

        var problems = new List<string>();
        if (unknown.Count > 0)
        {
            problems.Add($"unknown column(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}");
        }

        if (columns.Where(c => c >= 0).GroupBy(c => c).Any(g => g.Count() > 1))
        {
            problems.Add("a column appears twice");
        }

        foreach (int required in new[] { 0, 2 })
        {
            if (!columns.Contains(required))
            {
                problems.Add($"column {Known[required]} is missing");
            }
        }

        if (problems.Count > 0)
        {
            string separators = header.Contains('\t', StringComparison.Ordinal) && fields.Count == 1 ? " The header is separated by tabs; use commas or semicolons." : "";
            throw new BatchFileException(ErrorCode.MalformedHeader,
                $"The CSV header is not usable: {string.Join("; ", problems)}.{separators} Expected: {BatchFileFormat.CsvDescription}.");
        }

        return (columns, separator);
    }

    /// <summary>Splits one line into fields at <paramref name="separator"/>, honouring double quotes.</summary>
    internal static bool Split(string line, List<string> fields, out string? error, char separator = ',')
    {
        fields.Clear();
        error = null;
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            // Most lines quote nothing: each field is the text between separators, as the loop below
            // would copy it character by character.
            ReadOnlySpan<char> rest = line;
            for (int at = rest.IndexOf(separator); at >= 0; at = rest.IndexOf(separator))
            {
                fields.Add(new string(rest[..at]));
                rest = rest[(at + 1)..];
            }

            fields.Add(new string(rest));
            return true;
        }

        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            error = "A quoted field is not closed on this line.";
            return false;
        }

        fields.Add(field.ToString());
        return true;
    }
}
