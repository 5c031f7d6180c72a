using Npgsql;

namespace DeAn06.Verification.Storage.PostgreSql;

/// <summary>Statistics: counts added in the caller's transaction, one upsert for all keys.</summary>
internal sealed partial class PostgreSqlStore
{
    public async Task AddAsync(IReadOnlyDictionary<StatisticsKey, long> counts, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(ct);
        await AddCountsAsync(c, tx, counts, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<StatisticsRow>> QueryAsync(StatisticsFilter f, CancellationToken ct)
    {
        await using NpgsqlConnection c = await OpenAsync(ct);
        await using NpgsqlCommand cmd = Command(c, null,
            "SELECT sector, province, day, source, verdict, count FROM stat_counts WHERE " +
            "(@sector::text IS NULL OR sector = @sector) AND (@province::text IS NULL OR province = @province) AND " +
            "(@from::text IS NULL OR day >= @from) AND (@to::text IS NULL OR day <= @to) AND (@source::text IS NULL OR source = @source) " +
            "ORDER BY sector, province, day, source, verdict",
            ("sector", f.Sector), ("province", f.Province), ("from", f.FromDay), ("to", f.ToDay), ("source", f.Source));
        var rows = new List<StatisticsRow>();
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new StatisticsRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5)));
        }

        return rows;
    }

    private static async Task AddCountsAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyDictionary<StatisticsKey, long> counts, CancellationToken ct)
    {
        if (counts.Count == 0)
        {
            return;
        }

        // Keys in one order everywhere, so two services adding to the same counts lock their rows in
        // the same order and never deadlock.
        var keys = counts.OrderBy(k => k.Key.Sector, StringComparer.Ordinal).ThenBy(k => k.Key.Province, StringComparer.Ordinal)
            .ThenBy(k => k.Key.Day, StringComparer.Ordinal).ThenBy(k => k.Key.Source, StringComparer.Ordinal).ThenBy(k => k.Key.Verdict, StringComparer.Ordinal).ToArray();
        await using var upsert = new NpgsqlCommand(
            "INSERT INTO stat_counts (sector, province, day, source, verdict, count) " +
            "SELECT * FROM unnest(@sector, @province, @day, @source, @verdict, @n) " +
            "ON CONFLICT (sector, province, day, source, verdict) DO UPDATE SET count = stat_counts.count + excluded.count", c, tx);
        upsert.Parameters.Add(new NpgsqlParameter<string[]>("sector", [.. keys.Select(k => k.Key.Sector)]));
        upsert.Parameters.Add(new NpgsqlParameter<string[]>("province", [.. keys.Select(k => k.Key.Province)]));
        upsert.Parameters.Add(new NpgsqlParameter<string[]>("day", [.. keys.Select(k => k.Key.Day)]));
        upsert.Parameters.Add(new NpgsqlParameter<string[]>("source", [.. keys.Select(k => k.Key.Source)]));
        upsert.Parameters.Add(new NpgsqlParameter<string[]>("verdict", [.. keys.Select(k => k.Key.Verdict)]));
        upsert.Parameters.Add(new NpgsqlParameter<long[]>("n", [.. keys.Select(k => k.Value)]));
        await upsert.ExecuteNonQueryAsync(ct);
    }
}
