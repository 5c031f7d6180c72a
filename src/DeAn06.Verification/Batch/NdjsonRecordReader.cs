using System.Runtime.CompilerServices;
using System.Text.Json;
using DeAn06.Contracts;
using DeAn06.Verification.Errors;
using DeAn06.Verification.Storage;
using DeAn06.Verification.Verification;

namespace DeAn06.Verification.Batch;

/// <summary>NDJSON: one JSON object per line with QCVN 109 names (the schema in contracts/verification-record.schema.json).</summary>
internal sealed class NdjsonRecordReader : IRecordReader
{
    public async IAsyncEnumerable<LineResult> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        long line = 0;
        bool any = false;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            any = true;
            TextEncoding.Check(text, line);
            if (text.Length > CsvRecordReader.MaxLineLength)
            {
                yield return new LineResult(line, null, $"The line is longer than {CsvRecordReader.MaxLineLength} characters.");
                continue;
            }

            VerificationRecord? r = null;
            string? error = null;
            try
            {
                r = JsonSerializer.Deserialize(text, VerificationJsonContext.Default.VerificationRecord);
            }
            catch (JsonException ex)
            {
                error = ex.Message.Contains("could not be mapped", StringComparison.Ordinal)
                    ? $"Unknown member at {ex.Path}; allowed: SoDinhDanh, SoCMND, HoVaTen, NgayThangNamSinh, GioiTinh, MaHoSo (case-sensitive)."
                    : $"Not a JSON object of strings (at {ex.Path ?? "$"}).";
            }

            if (r is null)
            {
                yield return new LineResult(line, null, error ?? "The line is JSON null, not an object.");
                continue;
            }

            var record = RecordValidation.Read(r, out string? invalid);
            yield return record is null
                ? new LineResult(line, null, invalid)
                : new LineResult(line, new InputRecord(line, record.Value.Id, record.Value.FullName, record.Value.BirthDate, record.Value.Gender, r.MaHoSo), null);
        }

        if (!any)
        {
            throw new BatchFileException(ErrorCode.EmptyFile, "The file has no records; send one JSON object per line.");
        }
    }
}
