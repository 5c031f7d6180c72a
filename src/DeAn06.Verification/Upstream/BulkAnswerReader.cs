using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using DeAn06.Matching.Dates;
using DeAn06.Matching.Genders;
using DeAn06.Matching.Records;

namespace DeAn06.Verification.Upstream;

/// <summary>
/// Reads a TraCuuThongTinCongDan/bulk answer in one forward pass over its bytes, straight into the
/// fields matching compares: no document tree, no string for a field that is only parsed (the ID, the
/// CMND, the date, the gender, each part of the name). Gives what <see cref="CitizenJson.Read"/> gives
/// over a parsed document, and fails where it fails (an answer outside the contract is unreadable:
/// <see cref="KeyNotFoundException"/>, <see cref="InvalidOperationException"/>, <see cref="FormatException"/>,
/// <see cref="OverflowException"/> or <see cref="JsonException"/>); unknown members are skipped.
/// </summary>
internal static class BulkAnswerReader
{
    private const int FieldChars = 128;

    public static ReferenceRecord?[] Read(ReadOnlySpan<byte> json, int expected)
    {
        var results = new List<ReferenceRecord?>(expected);
        var r = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        Next(ref r);
        Expect(in r, JsonTokenType.StartObject);
        bool answered = false;
        while (Next(ref r) && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("KetQua"u8))
            {
                Next(ref r);
                Expect(in r, JsonTokenType.StartArray);
                while (Next(ref r) && r.TokenType != JsonTokenType.EndArray)
                {
                    results.Add(Item(ref r));
                }

                answered = true;
            }
            else
            {
                Next(ref r);
                r.Skip();
            }
        }

        if (r.Read())
        {
            throw new JsonException("Data after the answer's end.");
        }

        return answered ? [.. results] : throw new KeyNotFoundException("KetQua");
    }

    private static ReferenceRecord? Item(scoped ref Utf8JsonReader r)
    {
        Expect(in r, JsonTokenType.StartObject);
        bool? found = null;
        ReferenceRecord? citizen = null;
        while (Next(ref r) && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("TimThay"u8))
            {
                Next(ref r);
                found = r.GetBoolean();
            }
            else if (r.ValueTextEquals("CongDan"u8))
            {
                Next(ref r);
                citizen = r.TokenType == JsonTokenType.Null ? null : Citizen(ref r);
            }
            else
            {
                Next(ref r);
                r.Skip();
            }
        }

        return found switch
        {
            null => throw new KeyNotFoundException("TimThay"),
            true => citizen ?? throw new InvalidOperationException("A found item without its CongDan."),
            false => null,
        };
    }

    private static ReferenceRecord Citizen(scoped ref Utf8JsonReader r)
    {
        Expect(in r, JsonTokenType.StartObject);
        long? id = null;
        int cmnd = 0;
        bool named = false, born = false, deceased = false;
        Gender gender = Gender.Unknown;
        BirthDate date = BirthDate.None;
        string? fullName = null;
        Span<char> buffer = stackalloc char[FieldChars];
        while (Next(ref r) && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("SoDinhDanh"u8))
            {
                Next(ref r);
                Expect(in r, JsonTokenType.String);
                id = !r.ValueIsEscaped && Utf8Parser.TryParse(r.ValueSpan, out long value, out int used) && used == r.ValueSpan.Length
                    ? value
                    : long.Parse(r.GetString()!, CultureInfo.InvariantCulture);
            }
            else if (r.ValueTextEquals("SoCMND"u8))
            {
                Next(ref r);
                cmnd = int.TryParse(Text(in r, buffer), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0;
            }
            else if (r.ValueTextEquals("HoVaTen"u8))
            {
                Next(ref r);
                fullName = Name(ref r);
                named = true;
            }
            else if (r.ValueTextEquals("NgayThangNamSinh"u8))
            {
                Next(ref r);
                date = BirthDateOf(ref r);
                born = true;
            }
            else if (r.ValueTextEquals("GioiTinh"u8))
            {
                Next(ref r);
                gender = GenderParser.Parse(Text(in r, buffer));
            }
            else if (r.ValueTextEquals("ChetMatTich"u8))
            {
                Next(ref r);
                r.Skip();
                deceased = true;
            }
            else
            {
                Next(ref r);
                r.Skip();
            }
        }

        return id is not { } number ? throw new KeyNotFoundException("SoDinhDanh")
            : !named ? throw new KeyNotFoundException("HoVaTen")
            : !born ? throw new KeyNotFoundException("NgayThangNamSinh")
            : new ReferenceRecord(number, cmnd, fullName!, date, gender, deceased);
    }

    /// <summary>"Ho ChuDem Ten", the parts that are present and not empty, in that order whatever the member order.</summary>
    private static string Name(scoped ref Utf8JsonReader r)
    {
        Expect(in r, JsonTokenType.StartObject);
        Span<char> ho = stackalloc char[FieldChars], chuDem = stackalloc char[FieldChars], ten = stackalloc char[FieldChars];
        scoped ReadOnlySpan<char> family = default, middle = default, given = default;
        while (Next(ref r) && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("Ho"u8))
            {
                Next(ref r);
                family = Text(in r, ho);
            }
            else if (r.ValueTextEquals("ChuDem"u8))
            {
                Next(ref r);
                middle = Text(in r, chuDem);
            }
            else if (r.ValueTextEquals("Ten"u8))
            {
                Next(ref r);
                given = Text(in r, ten);
            }
            else
            {
                Next(ref r);
                r.Skip();
            }
        }

        int length = family.Length + middle.Length + given.Length + 2;
        Span<char> joined = length <= 3 * FieldChars + 2 ? stackalloc char[3 * FieldChars + 2] : new char[length];
        int at = 0;
        Append(joined, ref at, family);
        Append(joined, ref at, middle);
        Append(joined, ref at, given);
        return new string(joined[..at]);
    }

    private static void Append(Span<char> into, ref int at, ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            return;
        }

        if (at > 0)
        {
            into[at++] = ' ';
        }

        part.CopyTo(into[at..]);
        at += part.Length;
    }

    /// <summary>NgayThangNam when present (even null), else Nam (required then), as <see cref="BirthDate.TryParse"/> reads it.</summary>
    private static BirthDate BirthDateOf(scoped ref Utf8JsonReader r)
    {
        Expect(in r, JsonTokenType.StartObject);
        Span<char> fullBuffer = stackalloc char[FieldChars], yearBuffer = stackalloc char[FieldChars];
        scoped ReadOnlySpan<char> full = default, year = default;
        bool hasFull = false, hasYear = false;
        while (Next(ref r) && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("NgayThangNam"u8))
            {
                Next(ref r);
                full = Text(in r, fullBuffer);
                hasFull = true;
            }
            else if (r.ValueTextEquals("Nam"u8))
            {
                Next(ref r);
                year = Text(in r, yearBuffer);
                hasYear = true;
            }
            else
            {
                Next(ref r);
                r.Skip();
            }
        }

        ReadOnlySpan<char> text = hasFull ? full : hasYear ? year : throw new KeyNotFoundException("Nam");
        return BirthDate.TryParse(text, out BirthDate parsed) ? parsed : BirthDate.None;
    }

    /// <summary>A string member's text (empty for null), in <paramref name="buffer"/> when it fits; any other value is outside the contract.</summary>
    private static ReadOnlySpan<char> Text(in Utf8JsonReader r, Span<char> buffer)
    {
        if (r.TokenType == JsonTokenType.Null)
        {
            return default;
        }

        Expect(in r, JsonTokenType.String);
        // UTF-8 (escaped or not) never takes fewer bytes than the UTF-16 characters it decodes to.
        return r.ValueSpan.Length <= buffer.Length ? buffer[..r.CopyString(buffer)] : r.GetString().AsSpan();
    }

    private static bool Next(scoped ref Utf8JsonReader r) => r.Read() ? true : throw new JsonException("The answer ends early.");

    private static void Expect(in Utf8JsonReader r, JsonTokenType type)
    {
        if (r.TokenType != type)
        {
            throw new InvalidOperationException($"Expected {type}, found {r.TokenType}.");
        }
    }
}
