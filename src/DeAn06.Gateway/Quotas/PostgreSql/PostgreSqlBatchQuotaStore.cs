using DeAn06.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DeAn06.Gateway.Quotas.PostgreSql;

/// <summary>
/// The batch quota in PostgreSQL (schema "batch_quota", migrated on first use): one count per consumer
/// and day for every gateway that shares the database. Taking a job is one statement — insert the day's
/// row or raise its count only while it is under the limit — atomic under the row's lock, so ten
/// parallel submissions spread over any number of gateways with a quota of two get exactly two.
/// </summary>
internal sealed class PostgreSqlBatchQuotaStore : IBatchQuotaStore, IAsyncDisposable
{
    // pg_advisory_xact_lock key: a constant unique to this schema ("DeAn06Q" in ASCII).
    private static readonly VersionedMigrations Migrations =
        new(typeof(PostgreSqlBatchQuotaStore).Assembly, "DeAn06.Gateway.Quotas.PostgreSql.Migrations.", schema: "batch_quota", lockKey: 0x0044_6541_6E30_3651);

    private const string Take =
        "INSERT INTO batch_quota.days AS d (client, day, used) VALUES (@client, @day, 1) " +
        "ON CONFLICT (client, day) DO UPDATE SET used = d.used + 1 WHERE d.used < @limit RETURNING d.used";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _migrating = new(1, 1);
    private volatile bool _migrated;

    public PostgreSqlBatchQuotaStore(IOptions<BatchQuotaOptions> options) => _dataSource = NpgsqlDataSource.Create(options.Value.ConnectionString!);

    public async ValueTask<bool> TryTakeAsync(string client, DateOnly day, int limit, CancellationToken ct)
    {
        if (limit <= 0)
        {
            return false; // the insert would count a first job whatever the limit
        }

        await EnsureSchemaAsync(ct);
        await using NpgsqlCommand cmd = _dataSource.CreateCommand(Take);
        cmd.Parameters.AddWithValue("client", client);
        cmd.Parameters.AddWithValue("day", day);
        cmd.Parameters.AddWithValue("limit", limit);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async ValueTask GiveBackAsync(string client, DateOnly day, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using NpgsqlCommand cmd = _dataSource.CreateCommand("UPDATE batch_quota.days SET used = used - 1 WHERE client = @client AND day = @day AND used > 0");
        cmd.Parameters.AddWithValue("client", client);
        cmd.Parameters.AddWithValue("day", day);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask<int> UsedAsync(string client, DateOnly day, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using NpgsqlCommand cmd = _dataSource.CreateCommand("SELECT used FROM batch_quota.days WHERE client = @client AND day = @day");
        cmd.Parameters.AddWithValue("client", client);
        cmd.Parameters.AddWithValue("day", day);
        return await cmd.ExecuteScalarAsync(ct) is int used ? used : 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _migrating.Dispose();
    }

    /// <summary>Migrates on first use, not at start-up: a gateway whose database is briefly away still starts; a failed attempt is retried by the next call.</summary>
    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_migrated)
        {
            return;
        }

        await _migrating.WaitAsync(ct);
        try
        {
            if (!_migrated)
            {
                await Migrations.MigrateAsync(_dataSource, ct);
                _migrated = true;
            }
        }
        finally
        {
            _migrating.Release();
        }
    }
}
