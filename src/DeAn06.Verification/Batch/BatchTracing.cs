using System.Collections.Concurrent;
using System.Diagnostics;

namespace DeAn06.Verification.Batch;

/// <summary>
/// One trace per batch chunk: the chunk's look-ups in the population DB run under a root span of
/// their own (a job of a million lines would otherwise be one unreadable trace), linked to the trace
/// of the request that submitted the job. Without a tracer listening, no span is created at all.
/// </summary>
internal sealed class BatchTracing : IDisposable
{
    /// <summary>The activity source's name (subscribed to through "DeAn06.*").</summary>
    public const string SourceName = "DeAn06.Verification.Batch";

    private readonly ActivitySource _source = new(SourceName);

    // Kept in memory only: after a restart a resumed job's chunks are traced without the link.
    private readonly ConcurrentDictionary<string, ActivityContext> _submitted = new(StringComparer.Ordinal);

    /// <summary>Remembers the submitting request's trace context (the current activity's) for the job.</summary>
    public void Submitted(string jobId)
    {
        if (Activity.Current is { } submitting)
        {
            _submitted[jobId] = submitting.Context;
        }
    }

    /// <summary>Forgets a job that is finished or deleted.</summary>
    public void Finished(string jobId) => _submitted.TryRemove(jobId, out _);

    /// <summary>
    /// Starts the chunk's root span (null when nobody listens). Call it in the async method whose
    /// work it covers: the current activity is cleared there, so the chunk starts a trace of its own.
    /// </summary>
    public Activity? StartChunk(string jobId, long afterLine)
    {
        if (!_source.HasListeners())
        {
            return null;
        }

        Activity.Current = null;
        ActivityLink[]? links = _submitted.TryGetValue(jobId, out ActivityContext submitting) ? [new ActivityLink(submitting)] : null;
        Activity? chunk = _source.StartActivity("batch chunk", ActivityKind.Internal, parentContext: default, links: links);
        chunk?.SetTag("dean06.job.id", jobId);
        chunk?.SetTag("dean06.job.after_line", afterLine);
        return chunk;
    }

    public void Dispose() => _source.Dispose();
}
