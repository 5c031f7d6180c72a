using System.Diagnostics;

namespace DeAn06.Benchmarks;

/// <summary>
/// Sends at a fixed rate whatever the answers' speed (open loop), so a stall shows up as latency
/// instead of quietly slowing the sender; each call gets its scheduled send time. Sleeps ~1 ms
/// between sends rather than spinning, to leave the cores to the services measured.
/// </summary>
internal static class OpenLoop
{
    public static async Task RunAsync(int rate, double seconds, Func<int, long, Task> send)
    {
        int total = (int)(rate * seconds);
        var tasks = new List<Task>(total);
        long start = Stopwatch.GetTimestamp();
        int next = 0;
        while (next < total)
        {
            long now = Stopwatch.GetTimestamp();
            for (; next < total; next++)
            {
                long due = start + (long)(next * (double)Stopwatch.Frequency / rate);
                if (due > now)
                {
                    break;
                }

                int index = next;
                tasks.Add(Task.Run(() => send(index, due)));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(tasks);
    }
}
