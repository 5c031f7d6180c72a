using System.Collections.Concurrent;
using System.Diagnostics;

namespace DeAn06.Verification.Batch;

/// <summary>In-memory run state of jobs: when this run started, from where, and whether it waits for the population DB.</summary>
internal sealed class JobProgress
{
    private readonly ConcurrentDictionary<string, Run> _runs = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finishing = new();

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

    public void Finished(string job)
    {
        _runs.TryRemove(job, out _);
        if (_finishing.TryRemove(job, out TaskCompletionSource? finished))
        {
            finished.TrySetResult();
        }
    }

    /// <summary>
    /// Completes when this process sees <paramref name="job"/> finish (its last chunk committed here,
    /// or it was deleted here) after this call. Another service sharing the store finishing it is not
    /// seen: who waits must read the job again now and then.
    /// </summary>
    public Task WhenFinished(string job) =>
        _finishing.GetOrAdd(job, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Forgets the waiters of a job found finished some other way (e.g. by another service).</summary>
    public void Forget(string job) => _finishing.TryRemove(job, out _);

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
