using DeAn06.Client;
using DeAn06.Contracts;
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

        long total = jobs.Sum(j => j.Total);
        var latest = jobs.ToDictionary(j => j.JobId);
        if (console.Profile.Capabilities.Interactive)
        {
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    ProgressTask task = progress.AddTask($"{label}: {total:N0} records", maxValue: Math.Max(1, total));
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
                    console.MarkupLineInterpolated($"  {label}: {done:N0}/{total:N0} records checked");
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
        return new BatchOutcome([.. jobs.Select(j => j.JobId)], counts, latest.Values.Sum(j => j.Rejected));
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

            report(jobs.Values.Sum(j => j.Done + j.Rejected));
            if (jobs.Values.All(j => j.Status is "Completed" or "Failed"))
            {
                return;
            }

            await Task.Delay(250, ct);
        }
    }
}

/// <summary>What a batch run found: its jobs, counts by verdict, and lines that could not be read.</summary>
internal sealed record BatchOutcome(IReadOnlyList<string> JobIds, IReadOnlyDictionary<string, long> Counts, long Rejected)
{
    public long NotChecked => Counts.GetValueOrDefault(Verdicts.UpstreamUnavailable);

    public long Matched => Counts.GetValueOrDefault(Verdicts.Match);

    /// <summary>Records with a final verdict (the reports' denominator).</summary>
    public long Total => Counts.Where(c => Verdicts.Final.Contains(c.Key)).Sum(c => c.Value);
}
