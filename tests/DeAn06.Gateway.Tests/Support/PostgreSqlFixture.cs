using DeAn06.Testing;

namespace DeAn06.Gateway.Tests.Support;

/// <summary>
/// One real PostgreSQL for the test class, started on first use; each test takes a database of its own.
/// </summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private readonly Lazy<Task<PostgreSqlServer>> _server = new(PostgreSqlServer.StartAsync);

    public Task<PostgreSqlServer> ServerAsync() => _server.Value;

    /// <summary>A connection string to a new, empty database.</summary>
    public async Task<string> CreateDatabaseAsync() => await (await _server.Value).CreateDatabaseAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await (await _server.Value).DisposeAsync();
        }
    }
}
