using System.Globalization;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Storage;

/// <summary>Lists of incidents from the summary table: all of them for the bot's own sweeps, a page for the API.</summary>
internal sealed partial class SqliteIncidentStore
{
    public async Task<IReadOnlyList<IncidentSummary>> ListAsync(bool includeFinished, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SummaryColumns + (includeFinished ? "" : " WHERE finished = 0") + " ORDER BY number DESC";
        var list = new List<IncidentSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(ReadSummary(reader));
        }

        return list;
    }

    public async Task<IncidentPage> PageAsync(bool includeFinished, int limit, long? before, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM incidents" + (includeFinished ? "" : " WHERE finished = 0");
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        await using var command = connection.CreateCommand();
        command.CommandText = SummaryColumns + " WHERE number < $before" + (includeFinished ? "" : " AND finished = 0") + " ORDER BY number DESC LIMIT $take";
        command.Parameters.AddWithValue("$before", before ?? long.MaxValue);
        command.Parameters.AddWithValue("$take", limit + 1);
        var items = new List<IncidentSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadSummary(reader));
        }

        // One more than asked for says whether a next page exists, without a second count.
        return items.Count > limit ? new IncidentPage(items[..limit], total, items[limit - 1].Id.Number) : new IncidentPage(items, total, null);
    }
}
