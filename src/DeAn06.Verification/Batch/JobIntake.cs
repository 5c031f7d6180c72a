using System.Text;
using DeAn06.Matching.Policies;
using DeAn06.Verification.Callers;
using DeAn06.Verification.Storage;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Batch;

/// <summary>
/// Streams an uploaded file into a job: lines are parsed as they arrive and committed in chunks, so a
/// file of millions of records never sits in memory. The job is accepted (and queued) only once the
/// whole file is stored; an upload that fails midway leaves nothing behind.
/// </summary>
internal sealed class JobIntake(IJobStore store, ParsedChunks parsed, IOptions<BatchOptions> options, IOptions<MatchingOptions> matching, JobSignal signal, BatchTracing tracing)
{
    public async Task<JobRecord> AcceptAsync(Stream body, string format, Caller caller, string? idempotencyKey, CancellationToken ct)
    {
        IRecordReader reader = format == "csv" ? new CsvRecordReader() : new NdjsonRecordReader();
        string policy = matching.Value.PolicyFor(caller.Sector).Name;
        JobRecord job = await store.CreateJobAsync(caller.Sector, caller.Province, policy, format, idempotencyKey, ct);
        try
        {
            int chunk = options.Value.ChunkSize;
            var records = new List<InputRecord>(chunk);
            var rejected = new List<ResultRow>();
            long total = 0, rejectedTotal = 0;
            bool anyBirthDate = false, anyGender = false;
            using var limited = new LimitedStream(body, options.Value.MaxUploadBytes);
            using var text = new StreamReader(limited, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
            await foreach (LineResult line in reader.ReadAsync(text, ct))
            {
                if (line.Record is { } record)
                {
                    records.Add(record);
                    total++;
                    anyBirthDate |= record.BirthDate is not null;
                    anyGender |= record.Gender is not null;
                }
                else
                {
                    rejected.Add(new ResultRow(line.Line, Contracts.Verdicts.Rejected, null, null, null, null, null, default, default, 0f, null, line.Rejection));
                    rejectedTotal++;
                }

                if (records.Count + rejected.Count >= chunk)
                {
                    await store.AppendAsync(job.Number, records, rejected, ct);
                    parsed.Add(job.Number, records);
                    records.Clear();
                    rejected.Clear();
                }
            }

            await store.AppendAsync(job.Number, records, rejected, ct);
            parsed.Add(job.Number, records);
            // A compared field no record carries (a file without the column) is not checked at all: the
            // job and its report line say so, instead of a silent 100 %.
            string[] notCompared = total == 0 ? [] : [.. anyBirthDate ? [] : new[] { "NgayThangNamSinh" }, .. anyGender ? [] : new[] { "GioiTinh" }];
            await store.CompleteUploadAsync(job.Number, total, rejectedTotal, notCompared, ct);
            tracing.Submitted(job.Id);
            signal.Notify();
            return job with { Status = JobStatus.Queued, Total = total, Rejected = rejectedTotal, NotCompared = notCompared };
        }
        catch
        {
            parsed.Forget(job.Number);
            await store.DeleteJobAsync(job.Number, CancellationToken.None);
            throw;
        }
    }
}
