namespace DeAn06.PopulationDb.Journal;

/// <summary>
/// One call as the journal keeps it: masked numbers only (as in the verification service's answers and
/// every log line: "006*******23"), never a name or a record.
/// </summary>
/// <param name="Sequence">Order of arrival since start (1, 2, …).</param>
/// <param name="Time">When the call arrived (UTC).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path asked, e.g. /api/v1/TraCuuThongTinCongDan.</param>
/// <param name="DurationMs">From arrival to the end of the answer, in ms.</param>
/// <param name="Status">Status answered; 0 when the connection was dropped without an answer.</param>
/// <param name="Numbers">The first <see cref="RequestJournal.MaxNumbersPerEntry"/> numbers asked, masked.</param>
/// <param name="NumberCount">How many numbers the call carried.</param>
/// <param name="Fault">What the simulator injected ("rule r3", "error", "throttle", …), or null.</param>
public sealed record JournalEntry(
    long Sequence,
    DateTimeOffset Time,
    string Method,
    string Path,
    IReadOnlyList<string> Numbers,
    int NumberCount,
    int Status,
    double DurationMs,
    string? Fault);
