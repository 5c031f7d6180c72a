using System.Globalization;
using System.Text.Json;
using DeAn06.Contracts;
using DeAn06.Contracts.Reports;
using Spectre.Console;

namespace DeAn06.Cli.Runs;

/// <summary>
/// Verdicts compared with the ground truth (matched by MaHoSo): a confusion matrix, and precision and
/// recall per verdict. Reads only the two files; nothing on the verification path ever sees the truth.
/// </summary>
internal sealed class Evaluation
{
    private readonly Dictionary<(string Expected, string Actual), long> _matrix = [];

    public long Compared { get; private set; }

    /// <summary>Truth lines with no result (or results with no truth line).</summary>
    public long Unpaired { get; private set; }

    public long Wrong => _matrix.Where(m => m.Key.Expected != m.Key.Actual).Sum(m => m.Value);

    public static Evaluation Compare(string truthCsv, string resultsNdjson)
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var reader = new StreamReader(truthCsv))
        {
            string? header = reader.ReadLine();
            if (header is null || !header.StartsWith("MaHoSo,", StringComparison.Ordinal))
            {
                throw new CliException($"{truthCsv} is not a ground-truth file (expected the header 'MaHoSo,Discrepancy,ExpectedVerdict').", ExitCodes.Usage);
            }

            while (reader.ReadLine() is { } line)
            {
                string[] f = line.Split(',');
                expected[f[0]] = f[^1];
            }
        }

        var e = new Evaluation();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(resultsNdjson))
        {
            lineNumber++;
            VerificationResult? r;
            try
            {
                r = JsonSerializer.Deserialize<VerificationResult>(line, JsonSerializerOptions.Web);
            }
            catch (JsonException)
            {
                throw new CliException($"{resultsNdjson} line {lineNumber} is not a result (NDJSON from /api/v1/jobs/{{id}}/results expected).", ExitCodes.Usage);
            }

            if (r?.MaHoSo is { } id && expected.Remove(id, out string? want))
            {
                e.Add(want, r.Verdict);
            }
            else
            {
                e.Unpaired++;
            }
        }

        e.Unpaired += expected.Count;
        return e;
    }

    public void Add(string expected, string actual)
    {
        _matrix[(expected, actual)] = _matrix.GetValueOrDefault((expected, actual)) + 1;
        Compared++;
    }

    /// <summary>Of the records given <paramref name="verdict"/>, the share that should have been.</summary>
    public double Precision(string verdict)
    {
        long predicted = _matrix.Where(m => m.Key.Actual == verdict).Sum(m => m.Value);
        return predicted == 0 ? double.NaN : (double)_matrix.GetValueOrDefault((verdict, verdict)) / predicted;
    }

    /// <summary>Of the records that should get <paramref name="verdict"/>, the share that did.</summary>
    public double Recall(string verdict)
    {
        long relevant = _matrix.Where(m => m.Key.Expected == verdict).Sum(m => m.Value);
        return relevant == 0 ? double.NaN : (double)_matrix.GetValueOrDefault((verdict, verdict)) / relevant;
    }

    public void Render(IAnsiConsole console)
    {
        string[] verdicts = [.. Verdicts.Final.Concat([Verdicts.UpstreamUnavailable, Verdicts.Rejected])
            .Where(v => _matrix.Keys.Any(k => k.Expected == v || k.Actual == v))];
        var matrix = new Table().Title("Ma trận nhầm lẫn (dòng: đúng theo dữ liệu gốc · cột: kết quả xác thực)").Border(TableBorder.Rounded);
        matrix.AddColumn("");
        foreach (string v in verdicts)
        {
            matrix.AddColumn(new TableColumn(v).RightAligned());
        }

        foreach (string row in verdicts.Where(v => _matrix.Keys.Any(k => k.Expected == v)))
        {
            matrix.AddRow([row, .. verdicts.Select(col => Cell(_matrix.GetValueOrDefault((row, col)), row == col))]);
        }

        console.Write(matrix);
        var pr = new Table().Border(TableBorder.Rounded).AddColumn("verdict").AddColumn(new TableColumn("precision").RightAligned()).AddColumn(new TableColumn("recall").RightAligned());
        foreach (string v in verdicts.Where(v => _matrix.Keys.Any(k => k.Expected == v)))
        {
            pr.AddRow(v, Percent(Precision(v)), Percent(Recall(v)));
        }

        console.Write(pr);
        console.MarkupLine(Wrong == 0 && Unpaired == 0
            ? $"[green]Mọi hồ sơ đều đúng như dữ liệu gốc[/] ({VietnameseFormat.Count(Compared)} hồ sơ)."
            : $"[red]{VietnameseFormat.Count(Wrong)} hồ sơ sai, {VietnameseFormat.Count(Unpaired)} không ghép được[/] trên {VietnameseFormat.Count(Compared)}.");
    }

    private static string Cell(long n, bool diagonal) =>
        n == 0 ? "[grey]·[/]" : diagonal ? $"[green]{VietnameseFormat.Count(n)}[/]" : $"[red]{VietnameseFormat.Count(n)}[/]";

    private static string Percent(double p) => double.IsNaN(p) ? "—" : (p * 100).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',') + " %";
}
