using System.Text.Json;

namespace DeAn06.Verification.Tests.Support;

internal static class JobPolling
{
    /// <summary>Polls a job until it completes (bounded), returning its last status.</summary>
    public static async Task<JsonElement> UntilCompletedAsync(HttpClient client, string location, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            JsonElement status = await StackFixture.JsonAsync(await client.GetAsync(location));
            if (status.GetProperty("status").GetString() == "Completed")
            {
                return status;
            }

            Assert.True(watch.Elapsed < timeout, $"job not completed within {timeout}: {status}");
            await Task.Delay(100);
        }
    }

    public static Dictionary<string, long> Counts(JsonElement status) =>
        status.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
