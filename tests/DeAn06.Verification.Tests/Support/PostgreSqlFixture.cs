using DeAn06.Testing;

namespace DeAn06.Verification.Tests.Support;

/// <summary>
/// One real PostgreSQL for the test run, started on first use (so a run whose tests never ask for it
/// pays nothing); each test takes a database of its own.
/// </summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private readonly Lazy<Task<PostgreSqlServer>> _server = new(PostgreSqlServer.StartAsync);

    public Task<PostgreSqlServer> ServerAsync() => _server.Value;

    /// <summary>A connection string to a new, empty database.</summary>
    public async Task<string> CreateDatabaseAsync() => await (await ServerAsync()).CreateDatabaseAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await (await _server.Value).DisposeAsync();
        }
    }
}
