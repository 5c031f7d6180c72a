using System.Text;
using DeAn06.Client;
using DeAn06.Contracts;
using DeAn06.Contracts.Batch;
using DeAn06.Contracts.Reports;
using Spectre.Console;

namespace DeAn06.Cli.Runs;

/// <summary>
/// Sends a CSV file through the gateway as batch jobs (the SDK splits it into parts as it reads it:
/// each body is signed whole, and the gateway caps signed bodies), follows them with a progress bar,
/// and downloads every result in input order into one NDJSON file.
/// </summary>
internal static class BatchRun
{
    /// <summary>Lines per job. The default value is 400,000 (about 30 MB of CSV).</summary>
    public const int DefaultPartLines = 400_000;

    public static async Task<BatchOutcome> RunAsync(DeAn06Client client, string path, BatchFormat format, string resultsPath, string label, IAnsiConsole console, CancellationToken ct, int partLines = DefaultPartLines)
    {
        string runId = Guid.NewGuid().ToString("N")[..8];
        IReadOnlyList<JobStatusResponse> jobs;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            jobs = await client.SubmitBatchInPartsAsync(file, format, $"{label}-{runId}", partLines, ct);
        }

        if (jobs.Count == 0)
        {
            throw new CliException($"{path} holds no records.", ExitCodes.Usage);
        }

        // Progress is accepted records checked out of accepted records; lines that could not be read are
        // counted apart, never added to the checked ones (which once printed "11/9 records checked").
        long total = jobs.Sum(j => j.Total);
        long rejected = jobs.Sum(j => j.Rejected);
        string rejectedNote = rejected > 0 ? $", {VietnameseFormat.Count(rejected)} dòng không đọc được" : "";
        var latest = jobs.ToDictionary(j => j.JobId);
        if (console.Profile.Capabilities.Interactive)
        {
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    ProgressTask task = progress.AddTask(Markup.Escape($"{label}: {VietnameseFormat.Count(total)} hồ sơ{rejectedNote}"), maxValue: Math.Max(1, total));
                    await FollowAsync(client, latest, done => task.Value = done, ct);
                });
        }
        else
        {
            long lastShown = -1;
            var shown = DateTimeOffset.MinValue;
            await FollowAsync(client, latest, done =>
            {
                DateTimeOffset now = TimeProvider.System.GetUtcNow();
                if (done != lastShown && (now - shown > TimeSpan.FromSeconds(5) || done == total))
                {
                    console.MarkupLineInterpolated($"  {label}: đã kiểm tra {VietnameseFormat.Count(done)}/{VietnameseFormat.Count(total)} hồ sơ{rejectedNote}");
                    (lastShown, shown) = (done, now);
                }
            }, ct);
        }

        if (latest.Values.FirstOrDefault(j => j.Status == "Failed") is { } failed)
        {
            throw new CliException($"Job {failed.JobId} failed: {failed.Failure}", ExitCodes.Failed);
        }

        await using (var results = new FileStream(resultsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (JobStatusResponse job in jobs)
            {
                await client.DownloadResultsAsync(job.JobId, results, BatchFormat.Ndjson, ct);
            }
        }

        var counts = latest.Values.SelectMany(j => j.Counts).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value));
        // A field is not compared for the file when no part of it carried the field.
        string[] notCompared = [.. latest.Values.Where(j => j.Total > 0).Select(j => (IEnumerable<string>)j.NotCompared)
            .DefaultIfEmpty([]).Aggregate((a, b) => a.Intersect(b, StringComparer.Ordinal))];
        return new BatchOutcome([.. jobs.Select(j => j.JobId)], counts, latest.Values.Sum(j => j.Rejected)) { NotCompared = notCompared };
    }

    private static async Task FollowAsync(DeAn06Client client, Dictionary<string, JobStatusResponse> jobs, Action<long> report, CancellationToken ct)
    {
        while (true)
        {
            foreach (string id in jobs.Keys.ToList())
            {
                if (jobs[id].Status is not ("Completed" or "Failed"))
                {
                    jobs[id] = await client.GetJobAsync(id, ct);
                }
            }

            report(jobs.Values.Sum(j => j.Done));
            if (jobs.Values.All(j => j.Status is "Completed" or "Failed"))
            {
                return;
            }

            await Task.Delay(250, ct);
        }
    }

    /// <summary>Refuses a file that is not UTF-8, naming its first such line, before a stack is even started for it.</summary>
    public static void CheckEncoding(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: false));
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            CheckUtf8(path, line, ++number);
        }
    }

    private static void CheckUtf8(string path, string line, long number)
    {
        if (line.Contains('\uFFFD', StringComparison.Ordinal))
        {
            throw new CliException(
                $"{Path.GetFileName(path)}: line {number} is not UTF-8 text (the file looks saved in another encoding, e.g. Windows-1258 or TCVN3); save it as UTF-8 (Excel: \"CSV UTF-8\") and run again. Nothing was sent.",
                ExitCodes.Usage);
        }
    }
}

/// <summary>What a batch run found: its jobs, counts by verdict, and lines that could not be read.</summary>
internal sealed record BatchOutcome(IReadOnlyList<string> JobIds, IReadOnlyDictionary<string, long> Counts, long Rejected)
{
    /// <summary>Compared fields no record of the file carried: the verdicts did not look at them.</summary>
    public IReadOnlyList<string> NotCompared { get; init; } = [];

    public long NotChecked => Counts.GetValueOrDefault(Verdicts.UpstreamUnavailable);

    public long Matched => Counts.GetValueOrDefault(Verdicts.Match);

    /// <summary>Records with a final verdict (the reports' denominator).</summary>
    public long Total => Counts.Where(c => Verdicts.Final.Contains(c.Key)).Sum(c => c.Value);
}
