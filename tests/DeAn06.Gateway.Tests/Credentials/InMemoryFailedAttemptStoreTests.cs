using DeAn06.Gateway.Credentials;
using DeAn06.Gateway.Tests.Support;

namespace DeAn06.Gateway.Tests.Credentials;

public sealed class InMemoryFailedAttemptStoreTests
{
    private static readonly FailureBudget Budget = new(3, TimeSpan.FromMinutes(1));
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RetryAfter_NoFailures_Null()
    {
        var store = new InMemoryFailedAttemptStore(_clock);
        Assert.Null(await store.RetryAfterAsync("client:BHXH", Budget, default));
    }

    [Fact]
    public async Task RetryAfter_BudgetUsedUp_UntilOneFailureIsEarnedBack()
    {
        var store = new InMemoryFailedAttemptStore(_clock);
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(await store.RetryAfterAsync("client:BHXH", Budget, default));
            await store.RecordFailureAsync("client:BHXH", Budget, default);
        }

        Assert.Equal(TimeSpan.FromSeconds(20), await store.RetryAfterAsync("client:BHXH", Budget, default));
        Assert.Null(await store.RetryAfterAsync("client:THUE", Budget, default));
        _clock.Advance(TimeSpan.FromSeconds(12.5));
        Assert.Equal(TimeSpan.FromSeconds(8), await store.RetryAfterAsync("client:BHXH", Budget, default));
        _clock.Advance(TimeSpan.FromSeconds(7.5));
        Assert.Null(await store.RetryAfterAsync("client:BHXH", Budget, default));
    }

    [Fact]
    public async Task RecordFailure_PastTheBudget_WaitStaysOneFailure()
    {
        // Tries already past the check when the budget ran out count, but do not stretch the wait.
        var store = new InMemoryFailedAttemptStore(_clock);
        for (int i = 0; i < 10; i++)
        {
            await store.RecordFailureAsync("address:203.0.113.7", Budget, default);
        }

        Assert.Equal(TimeSpan.FromSeconds(20), await store.RetryAfterAsync("address:203.0.113.7", Budget, default));
    }

    [Fact]
    public void Defaults_Pinned()
    {
        var options = new SignInLimitOptions();
        Assert.Equal(10, options.FailuresPerClient);
        Assert.Equal(30, options.FailuresPerAddress);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Window);
    }
}
