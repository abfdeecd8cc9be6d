using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Metrics;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>Lists, lookups, metrics facts, delivery keys and health, from the summary and delivery tables.</summary>
internal sealed partial class PostgresIncidentStore
{
    private const string SummaryColumns = "SELECT number, title, severity, phase, commander, room, opened_at, updated_at, version FROM incidents";

    public async Task<IReadOnlyList<IncidentSummary>> ListAsync(bool includeFinished, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await SummariesAsync(Command(connection, SummaryColumns + (includeFinished ? "" : " WHERE NOT finished") + " ORDER BY number DESC"), cancellationToken);
    }

    public async Task<IncidentPage> PageAsync(bool includeFinished, int limit, long? before, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenAsync(cancellationToken);
        var total = Convert.ToInt32(await ScalarAsync(connection, "SELECT count(*) FROM incidents" + (includeFinished ? "" : " WHERE NOT finished"), [], cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        var items = await SummariesAsync(Command(connection, SummaryColumns + " WHERE number < $1" + (includeFinished ? "" : " AND NOT finished") + " ORDER BY number DESC LIMIT $2", before ?? long.MaxValue, limit + 1), cancellationToken);
        return items.Count > limit ? new IncidentPage([.. items.Take(limit)], total, items[limit - 1].Id.Number) : new IncidentPage(items, total, null);
    }

    public async Task<IncidentSummary?> FindByRoomAsync(RoomAddress room, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        await using var connection = await OpenAsync(cancellationToken);
        var found = await SummariesAsync(Command(connection, SummaryColumns + " WHERE channel = $1 ORDER BY finished, number DESC LIMIT 1", room.Key), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<IncidentStats>> StatsAsync(CancellationToken cancellationToken)
    {
        var stats = new List<IncidentStats>();
        var missing = new List<long>();
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var reader = await Command(connection, "SELECT number, stats FROM incidents ORDER BY number").ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (StoredStats.Read(reader.IsDBNull(1) ? null : reader.GetString(1)) is { } stored)
                {
                    stats.Add(stored);
                }
                else
                {
                    missing.Add(reader.GetInt64(0));
                }
            }
        }

        await StoredStats.AddRebuiltAsync(stats, missing, this, cancellationToken);
        return stats;
    }

    public async Task<string?> FindDeliveryAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync(connection, "SELECT reply FROM deliveries WHERE key = $1", [key], cancellationToken) as string;
    }

    public async Task<int> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ExecuteAsync(connection, "DELETE FROM deliveries WHERE at < $1", [before.ToUniversalTime()], cancellationToken);
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await ScalarAsync(connection, "SELECT to_regclass('events') IS NOT NULL", [], cancellationToken) is true;
        }
        catch (Exception ex) when (ex is NpgsqlException or StoreUnavailableException)
        {
            return false;
        }
    }

    public async Task<StoreUnavailableException?> WriteProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await ExecuteAsync(connection, "INSERT INTO store_probe (id, at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET at = excluded.at", [], cancellationToken);
            return null;
        }
        catch (StoreUnavailableException fault)
        {
            return fault;
        }
        catch (NpgsqlException ex)
        {
            return new StoreUnavailableException(ex is PostgresException { SqlState: "53100" } ? StoreFault.DiskFull : StoreFault.Unreachable, Where, ex.Message, ex);
        }
    }

    private async Task<List<IncidentSummary>> SummariesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<IncidentSummary>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(new IncidentSummary(
                    new IncidentId(reader.GetInt64(0)),
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : (Severity)reader.GetInt32(2),
                    Enum.Parse<Phase>(reader.GetString(3), ignoreCase: true),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : _rooms.Read(reader.GetString(5)),
                    reader.GetFieldValue<DateTimeOffset>(6),
                    reader.GetFieldValue<DateTimeOffset>(7),
                    reader.GetInt64(8)));
            }

            return list;
        }
    }
}
