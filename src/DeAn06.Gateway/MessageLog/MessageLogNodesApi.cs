using System.Globalization;
using DeAn06.Gateway.Authentication;
using DeAn06.Gateway.Consumers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// <c>GET /ops/api/nodes</c> (operators: the statistics grant, by bearer or the page's cookie): every
/// gateway node's chain in the message log, the embedded SQLite one or all nodes of a shared PostgreSQL
/// one: entries, newest entry, newest seal, last start; and which node answered. A node whose seals
/// stop while others' go on has stopped or lost its log.
/// </summary>
internal static class MessageLogNodesApi
{
    public static IEndpointRouteBuilder MapMessageLogNodes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/api/nodes", (IOptions<MessageLogOptions> options) =>
            {
                MessageLogOptions o = options.Value;
                return TypedResults.Ok(new
                {
                    self = o.NodeId,
                    provider = o.Provider.ToString(),
                    sealIntervalSeconds = o.SealInterval.TotalSeconds,
                    nodes = o.Provider == MessageLogProvider.PostgreSql ? FromPostgreSql(o.ConnectionString!) : FromSqlite(o.SqlitePath, o.NodeId ?? "gateway"),
                });
            })
            .RequireAuthorization(new AuthorizeAttribute(Services.Statistics) { AuthenticationSchemes = $"{GatewayAuthentication.Bearer},{GatewayAuthentication.OperatorCookie}" });
        return app;
    }

    private static List<MessageLogNodeStatus> FromSqlite(string path, string node)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT (SELECT seq FROM message_log ORDER BY seq DESC LIMIT 1), (SELECT time FROM message_log ORDER BY seq DESC LIMIT 1), " +
            "(SELECT seq FROM seals ORDER BY id DESC LIMIT 1), (SELECT sealed_at FROM seals ORDER BY id DESC LIMIT 1)";
        using SqliteDataReader r = cmd.ExecuteReader();
        r.Read();
        return r.IsDBNull(0) ? [] :
        [
            new MessageLogNodeStatus(node, r.GetInt64(0), Time(r.GetInt64(1)), r.IsDBNull(2) ? 0 : r.GetInt64(2),
                r.IsDBNull(3) ? null : Time(long.Parse(r.GetString(3), CultureInfo.InvariantCulture)), null),
        ];
    }

    private static List<MessageLogNodeStatus> FromPostgreSql(string connectionString)
    {
        using var c = new NpgsqlConnection(connectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(
            "SELECT n.node, e.seq, e.time, s.seq, s.sealed_at, n.last_started_at FROM message_log.nodes n " +
            "LEFT JOIN LATERAL (SELECT seq, time FROM message_log.entries WHERE node = n.node ORDER BY seq DESC LIMIT 1) e ON true " +
            "LEFT JOIN LATERAL (SELECT seq, sealed_at FROM message_log.seals WHERE node = n.node ORDER BY id DESC LIMIT 1) s ON true ORDER BY n.node", c);
        using NpgsqlDataReader r = cmd.ExecuteReader();
        var nodes = new List<MessageLogNodeStatus>();
        while (r.Read())
        {
            nodes.Add(new MessageLogNodeStatus(r.GetString(0), r.IsDBNull(1) ? 0 : r.GetInt64(1), r.IsDBNull(2) ? null : Time(r.GetInt64(2)),
                r.IsDBNull(3) ? 0 : r.GetInt64(3), r.IsDBNull(4) ? null : Time(r.GetInt64(4)), r.GetFieldValue<DateTimeOffset>(5)));
        }

        return nodes;
    }

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
