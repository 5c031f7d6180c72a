using DeAn06.Verification.Storage;
using DeAn06.Verification.Storage.PostgreSql;
using DeAn06.Verification.Tests.Support;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Tests.Storage;

/// <summary>A store of either kind on a fresh database, for the contract tests both must pass.</summary>
internal static class StoreFactory
{
    public static TheoryData<StorageProvider> Providers => [StorageProvider.Sqlite, StorageProvider.PostgreSql];

    public static async Task<IJobStore> CreateAsync(StorageProvider provider, PostgreSqlFixture postgres, TimeProvider time) => provider switch
    {
        StorageProvider.PostgreSql => new PostgreSqlStore(Options.Create(new StorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = await postgres.CreateDatabaseAsync(),
        }), time),
        _ => new SqliteStore(Options.Create(new StorageOptions
        {
            SqlitePath = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "verification.db"),
        }), time),
    };
}
