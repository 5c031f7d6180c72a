namespace DeAn06.Client.Tests.Support;

/// <summary>Waits for a condition with a generous deadline (the machine may be busy), polling.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, Action? eachPoll = null, int seconds = 30)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Not within {seconds} s: {what}");
            }

            eachPoll?.Invoke();
            await Task.Delay(10, CancellationToken.None);
        }
    }
}
