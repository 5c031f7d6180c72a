using System.Text;
using System.Threading.Channels;
using DeAn06.Client;
using DeAn06.Contracts;
using DeAn06.Contracts.Batch;
using DeAn06.Contracts.Reports;
using Spectre.Console;

namespace DeAn06.Cli.Runs;

/// <summary>
/// Sends a CSV file through the gateway as batch jobs and downloads every result in input order into
/// one NDJSON file, as one pipeline: the SDK splits the file into signed parts as it reads it (the
/// gateway caps signed bodies) with two uploading at once; the service checks a part as soon as it is
/// accepted; each job is followed by long poll and its results downloaded as soon as it completes,
/// while later parts are still uploaded and checked.
/// </summary>
internal static class BatchRun
{
    /// <summary>
    /// Lines per job. The default value is 100,000 (about 7.5 MB of CSV): small enough that the first
    /// results come back while most of a large file is still on its way, large enough that the work
    /// per job (its row, its status) stays small beside its records.
    /// </summary>
    public const int DefaultPartLines = 100_000;

    /// <summary>How long one long poll of a job may be held.</summary>
    private static readonly TimeSpan FollowWait = TimeSpan.FromSeconds(5);

    public static async Task<BatchOutcome> RunAsync(DeAn06Client client, string path, BatchFormat format, string resultsPath, string label, IAnsiConsole console, CancellationToken ct, int partLines = DefaultPartLines)
    {
        string runId = Guid.NewGuid().ToString("N")[..8];
        var followed = new Followed();
        if (console.Profile.Capabilities.Interactive)
        {
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    ProgressTask task = progress.AddTask(Markup.Escape($"{label}: …"), maxValue: 1);
                    await PipelineAsync(client, path, format, resultsPath, $"{label}-{runId}", partLines, followed, f =>
                    {
                        task.MaxValue = Math.Max(1, f.Total);
                        task.Value = f.Done;
                        task.Description = Markup.Escape($"{label}: {VietnameseFormat.Count(f.Total)} hồ sơ{RejectedNote(f.Rejected)}");
                    }, ct);
                });
        }
        else
        {
            long lastShown = -1;
            var shown = DateTimeOffset.MinValue;
            await PipelineAsync(client, path, format, resultsPath, $"{label}-{runId}", partLines, followed, f =>
            {
                DateTimeOffset now = TimeProvider.System.GetUtcNow();
                bool last = f.AllSubmitted && f.Done == f.Total;
                if (f.Done != lastShown && (now - shown > TimeSpan.FromSeconds(5) || last))
                {
                    console.MarkupLineInterpolated($"  {label}: đã kiểm tra {VietnameseFormat.Count(f.Done)}/{VietnameseFormat.Count(f.Total)} hồ sơ{RejectedNote(f.Rejected)}");
                    (lastShown, shown) = (f.Done, now);
                }
            }, ct);
        }

        List<JobStatusResponse> jobs = followed.Jobs;
        var counts = jobs.SelectMany(j => j.Counts).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value));
        // A field is not compared for the file when no part of it carried the field.
        string[] notCompared = [.. jobs.Where(j => j.Total > 0).Select(j => (IEnumerable<string>)j.NotCompared)
            .DefaultIfEmpty([]).Aggregate((a, b) => a.Intersect(b, StringComparer.Ordinal))];
        return new BatchOutcome([.. jobs.Select(j => j.JobId)], counts, jobs.Sum(j => j.Rejected)) { NotCompared = notCompared };
    }

    // Progress is accepted records checked out of accepted records; lines that could not be read are
    // counted apart, never added to the checked ones (which once printed "11/9 records checked").
    private static string RejectedNote(long rejected) => rejected > 0 ? $", {VietnameseFormat.Count(rejected)} dòng không đọc được" : "";

    /// <summary>
    /// Submits the parts (in the background, in file order) and, one job after the other in that order,
    /// waits for each to finish and appends its results to the results file.
    /// </summary>
    private static async Task PipelineAsync(DeAn06Client client, string path, BatchFormat format, string resultsPath, string keyPrefix, int partLines,
        Followed followed, Action<Followed> report, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var accepted = Channel.CreateUnbounded<JobStatusResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Task submitting = Task.Run(async () =>
        {
            try
            {
                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                await foreach (JobStatusResponse job in client.SubmitBatchPartsAsync(file, format, keyPrefix, partLines, partsInFlight: 2, stop.Token))
                {
                    lock (followed)
                    {
                        followed.Submitted(job);
                    }

                    await accepted.Writer.WriteAsync(job, stop.Token);
                }

                accepted.Writer.Complete();
            }
            catch (Exception ex)
            {
                accepted.Writer.Complete(ex);
            }
        }, CancellationToken.None);

        FileStream? results = null;
        try
        {
            await foreach (JobStatusResponse submitted in accepted.Reader.ReadAllAsync(ct))
            {
                JobStatusResponse job = submitted;
                while (job.Status is not ("Completed" or "Failed"))
                {
                    lock (followed)
                    {
                        report(followed.Progressed(job));
                    }

                    job = await client.WaitForJobAsync(job.JobId, FollowWait, ct);
                }

                lock (followed)
                {
                    report(followed.Progressed(job));
                }

                if (job.Status == "Failed")
                {
                    throw new CliException($"Job {job.JobId} failed: {job.Failure}", ExitCodes.Failed);
                }

                results ??= new FileStream(resultsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                await client.DownloadResultsAsync(job.JobId, results, BatchFormat.Ndjson, ct);
            }

            if (followed.Jobs.Count == 0)
            {
                throw new CliException($"{path} holds no records.", ExitCodes.Usage);
            }

            lock (followed)
            {
                followed.AllSubmitted = true;
                report(followed);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await submitting;
            if (results is not null)
            {
                await results.DisposeAsync();
            }
        }
    }

    /// <summary>The jobs of a run in file order, with their latest status; guarded by its own lock.</summary>
    private sealed class Followed
    {
        public List<JobStatusResponse> Jobs { get; } = [];

        public bool AllSubmitted { get; set; }

        /// <summary>Accepted records of the parts submitted so far.</summary>
        public long Total => Jobs.Sum(j => j.Total);

        public long Done => Jobs.Sum(j => j.Done);

        public long Rejected => Jobs.Sum(j => j.Rejected);

        public void Submitted(JobStatusResponse job) => Jobs.Add(job);

        public Followed Progressed(JobStatusResponse job)
        {
            int i = Jobs.FindIndex(j => j.JobId == job.JobId);
            Jobs[i] = job;
            return this;
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
