using System.Diagnostics;
using DeAn06.Matching.Ids;
using DeAn06.PopulationDb.Faults;

namespace DeAn06.PopulationDb.Journal;

/// <summary>
/// Outermost on the citizen API: reads the numbers a call carries (when the journal or a per-ID rule needs
/// them) and journals the call with its answer, faults included. Off, at no cost, without an admin key.
/// </summary>
internal sealed class JournalMiddleware(RequestDelegate next, RequestJournal journal, FaultRules rules, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<AdminOptions> admin)
{
    private readonly bool _journalOn = !string.IsNullOrEmpty(admin.Value.Key);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || !(_journalOn || rules.AnyById))
        {
            await next(context);
            return;
        }

        DateTimeOffset started = time.GetUtcNow();
        long startedTicks = Stopwatch.GetTimestamp();
        long sequence = journal.Next();
        var call = new CitizenCall([]);
        int? failed = null;
        try
        {
            call = new CitizenCall(await RequestedNumbersReader.ReadAsync(context.Request));
            context.Features.Set(call);
            await next(context);
        }
        catch (Exception ex)
        {
            // The exception handler outside writes the answer: a client's broken body its 4xx, anything else 500.
            failed = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            if (_journalOn)
            {
                bool dropped = call.Dropped || context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted;
                journal.Add(new JournalEntry(sequence, started, context.Request.Method, context.Request.Path.Value ?? "",
                    [.. call.Numbers.Take(RequestJournal.MaxNumbersPerEntry).Select(Mask)], call.Numbers.Count,
                    dropped ? 0 : failed ?? context.Response.StatusCode, Math.Round(Stopwatch.GetElapsedTime(startedTicks).TotalMilliseconds, 1), call.Fault));
            }
        }
    }

    /// <summary>Masked as everywhere else in the project; anything that is not a number is not repeated.</summary>
    private static string Mask(string number) => number.Length switch
    {
        12 when long.TryParse(number, out long id) && number.All(char.IsAsciiDigit) => PersonalId.Mask(id),
        9 when long.TryParse(number, out long cmnd) && number.All(char.IsAsciiDigit) => PersonalId.Mask(cmnd, IdKind.Cmnd),
        _ => "(malformed)",
    };
}
