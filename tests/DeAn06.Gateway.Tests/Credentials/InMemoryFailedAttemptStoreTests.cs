using DeAn06.Gateway.Credentials;
using Microsoft.Extensions.Time.Testing;

namespace DeAn06.Gateway.Tests.Credentials;

public sealed class InMemoryFailedAttemptStoreTests
{
    private static readonly FailureBudget Budget = new(3, TimeSpan.FromMinutes(1));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task HasFailures_NoFailures_False()
    {
        var store = new InMemoryFailedAttemptStore(_clock);
        Assert.False(await store.HasFailuresAsync("client:BHXH", Budget, default));
    }

    [Fact]
    public async Task TryReserve_BudgetUsedUp_UntilOneFailureIsEarnedBack()
    {
        var store = new InMemoryFailedAttemptStore(_clock);
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(await store.TryReserveAsync("client:BHXH", Budget, default));
            await store.RecordFailureAsync("client:BHXH", Budget, reserved: true, default);
        }

        Assert.Equal(TimeSpan.FromSeconds(20), await store.TryReserveAsync("client:BHXH", Budget, default));
        Assert.Null(await store.TryReserveAsync("client:THUE", Budget, default));
        _clock.Advance(TimeSpan.FromSeconds(12.5));
        Assert.Equal(TimeSpan.FromSeconds(8), await store.TryReserveAsync("client:BHXH", Budget, default));
        _clock.Advance(TimeSpan.FromSeconds(7.5));
        Assert.Null(await store.TryReserveAsync("client:BHXH", Budget, default));
    }

    [Fact]
    public async Task RecordFailure_FloodOfMadeUpKeys_SweptAtMostOnceAMinute()
    {
        // Over 100,000 dirty buckets: each call used to sweep them all, so every sign-in paid for the flood.
        var store = new InMemoryFailedAttemptStore(_clock);
        for (int i = 0; i <= 100_000; i++)
        {
            await store.RecordFailureAsync("client:made-up-" + i, Budget, reserved: false, default);
        }

        for (int i = 0; i < 1_000; i++)
        {
            await store.RecordFailureAsync("client:more-" + i, Budget, reserved: false, default);
        }

        Assert.Equal(1, store.Prunes);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await store.RecordFailureAsync("client:later", Budget, reserved: false, default);
        Assert.Equal(2, store.Prunes);
    }

    [Fact]
    public async Task TryReserve_ParallelTries_NoMoreThanTheBudget()
    {
        var store = new InMemoryFailedAttemptStore(_clock);
        Task<TimeSpan?>[] tries = Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await store.TryReserveAsync("address:203.0.113.7", Budget, default))).ToArray();
        Assert.Equal(3, (await Task.WhenAll(tries)).Count(wait => wait is null));
    }

    [Fact]
    public async Task Release_RightSecret_FailureGivenBack()
    {
        var store = new InMemoryFailedAttemptStore(_clock);
        for (int i = 0; i < 10; i++)
        {
            Assert.Null(await store.TryReserveAsync("client:BHXH", Budget, default));
            await store.ReleaseAsync("client:BHXH", Budget, default);
        }

        Assert.False(await store.HasFailuresAsync("client:BHXH", Budget, default));
    }

    [Fact]
    public async Task RecordFailure_PastTheBudget_WaitGrowsWithTheBurstUpToTheWindow()
    {
        // Tries that raced past the check all count: 5 failures on a budget of 3 are 2 below empty, so
        // 3 failures' worth (20 s each) to wait; past a whole budget below empty it stops growing.
        var store = new InMemoryFailedAttemptStore(_clock);
        for (int i = 0; i < 5; i++)
        {
            await store.RecordFailureAsync("address:203.0.113.7", Budget, reserved: false, default);
        }

        Assert.Equal(TimeSpan.FromSeconds(60), await store.TryReserveAsync("address:203.0.113.7", Budget, default));
        for (int i = 0; i < 50; i++)
        {
            await store.RecordFailureAsync("address:203.0.113.7", Budget, reserved: false, default);
        }

        Assert.Equal(TimeSpan.FromSeconds(80), await store.TryReserveAsync("address:203.0.113.7", Budget, default));
        _clock.Advance(TimeSpan.FromSeconds(80));
        Assert.Null(await store.TryReserveAsync("address:203.0.113.7", Budget, default));
    }

    [Fact]
    public async Task HasFailures_OneFailure_UntilItIsAWindowOld()
    {
        // Earned back after 20 s, but the key keeps counting as having failed for the whole window.
        var store = new InMemoryFailedAttemptStore(_clock);
        await store.RecordFailureAsync("address:203.0.113.7", Budget, reserved: false, default);
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.True(await store.HasFailuresAsync("address:203.0.113.7", Budget, default));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await store.HasFailuresAsync("address:203.0.113.7", Budget, default));
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
