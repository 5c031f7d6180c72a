using System.Collections.Concurrent;
using System.Diagnostics;

namespace DeAn06.Verification.Batch;

/// <summary>In-memory run state of jobs: when this run started, from where, and whether it waits for the population DB.</summary>
internal sealed class JobProgress
{
    private readonly ConcurrentDictionary<string, Run> _runs = new();

    public void Started(string job, long processed) => _runs[job] = new Run(Stopwatch.GetTimestamp(), processed, false);

    /// <summary>A chunk of <paramref name="job"/> is being worked on here: tracked from now unless it already is.</summary>
    public void Running(string job, long processed) => _runs.TryAdd(job, new Run(Stopwatch.GetTimestamp(), processed, false));

    public void Waiting(string job, bool waiting)
    {
        if (_runs.TryGetValue(job, out Run? run))
        {
            _runs[job] = run with { WaitingForUpstream = waiting };
        }
    }

    public void Finished(string job) => _runs.TryRemove(job, out _);

    /// <summary>Jobs with a chunk being worked on in this process now.</summary>
    public int RunningJobs => _runs.Count;

    /// <summary>Running jobs that wait for the population DB.</summary>
    public int WaitingForUpstream => _runs.Values.Count(r => r.WaitingForUpstream);

    public bool IsWaiting(string job) => _runs.TryGetValue(job, out Run? run) && run.WaitingForUpstream;

    /// <summary>Records per second in this run, or null before the first chunk.</summary>
    public double? Rate(string job, long processed)
    {
        if (!_runs.TryGetValue(job, out Run? run) || processed <= run.ProcessedAtStart)
        {
            return null;
        }

        double seconds = Stopwatch.GetElapsedTime(run.StartedAt).TotalSeconds;
        return seconds <= 0 ? null : (processed - run.ProcessedAtStart) / seconds;
    }

    private sealed record Run(long StartedAt, long ProcessedAtStart, bool WaitingForUpstream);
}
