using System.CommandLine;
using DeAn06.Cli.Runs;
using DeAn06.Cli.Stack;
using DeAn06.Client;
using DeAn06.Contracts.Batch;
using DeAn06.Contracts.Reports;
using Spectre.Console;

namespace DeAn06.Cli.Commands;

/// <summary><c>dean06 verify FILE</c>: a sector's file through the gateway as batch jobs, results next to it.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = $"The records: {BatchFileFormat.CsvDescription}; or NDJSON (.ndjson/.jsonl), one JSON object per line with the same names." };
        var sector = new Option<string>("--sector") { Description = "The sector sending the file (its client and matching policy).", DefaultValueFactory = _ => "BHXH" };
        var province = new Option<string?>("--province") { Description = "Two-digit province code, to send as that province's client when one is registered (e.g. 06 for Bắc Kạn)." };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the results (NDJSON; default FILE.results.ndjson)." };
        var command = new Command("verify", "Verify a sector's file against the population DB through the gateway (batch jobs), print the report line, write the results.") { file, sector, province, output };
        context.WithStackOptions(command);
        command.SetAction(async (p, ct) =>
        {
            FileInfo input = p.GetValue(file)!;
            if (!input.Exists)
            {
                throw new CliException($"{input.FullName} does not exist.", ExitCodes.Usage);
            }

            BatchFormat format = input.Extension.ToLowerInvariant() switch
            {
                ".csv" => BatchFormat.Csv,
                ".ndjson" or ".jsonl" => BatchFormat.Ndjson,
                _ => throw new CliException($"{input.Name}: use a .csv, .ndjson or .jsonl file.", ExitCodes.Usage),
            };
            BatchRun.CheckEncoding(input.FullName);
            string results = p.GetValue(output)?.FullName ?? input.FullName + ".results.ndjson";
            string wantedSector = p.GetValue(sector)!.ToUpperInvariant();
            string? wantedProvince = p.GetValue(province);

            var (info, owned) = await context.AttachOrStartAsync(p, ct);
            await using (owned)
            {
                ClientInfo client = info.ClientFor(wantedSector, wantedProvince);
                using DeAn06Client api = info.Connect(client);
                BatchOutcome outcome = await BatchRun.RunAsync(api, input.FullName, format, results, client.Id, context.Console, ct);
                context.Console.WriteLine(ReportLine.Format(ReportSubject.Of(client.Sector, client.Province), outcome.Matched, outcome.Total, outcome.Counts, outcome.NotChecked)
                    + ReportLine.JobNotes(outcome.Rejected, outcome.NotCompared));
                context.Console.MarkupLineInterpolated($"Kết quả từng hồ sơ: {results}");
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}
