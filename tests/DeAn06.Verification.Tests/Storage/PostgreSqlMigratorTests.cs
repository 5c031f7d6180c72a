using DeAn06.Verification.Storage.PostgreSql;
using DeAn06.Verification.Tests.Support;
using Npgsql;

namespace DeAn06.Verification.Tests.Storage;

[Collection(StackCollection.Name)]
public sealed class PostgreSqlMigratorTests(PostgreSqlFixture postgres)
{
    [Fact]
    public async Task MigrateAsync_TwoServicesStartingAtOnce_EachScriptAppliedOnce()
    {
        string connectionString = await postgres.CreateDatabaseAsync();
        await using NpgsqlDataSource first = NpgsqlDataSource.Create(connectionString);
        await using NpgsqlDataSource second = NpgsqlDataSource.Create(connectionString);

        int[] applied = await Task.WhenAll(
            Task.Run(() => PostgreSqlMigrator.MigrateAsync(first, CancellationToken.None)),
            Task.Run(() => PostgreSqlMigrator.MigrateAsync(second, CancellationToken.None)));

        Assert.NotEmpty(PostgreSqlMigrator.Scripts);
        Assert.Equal(PostgreSqlMigrator.Scripts.Count, applied.Sum());
        Assert.Equal(0, await PostgreSqlMigrator.MigrateAsync(first, CancellationToken.None)); // a restart finds nothing to do
        await using NpgsqlCommand versions = first.CreateCommand("SELECT version FROM schema_version ORDER BY version");
        var rows = new List<int>();
        await using (NpgsqlDataReader r = await versions.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                rows.Add(r.GetInt32(0));
            }
        }

        Assert.Equal(PostgreSqlMigrator.Scripts.Select(s => s.Version), rows);
    }
}
