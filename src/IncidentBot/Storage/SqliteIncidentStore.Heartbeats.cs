using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Storage;

/// <summary>Heartbeats: when each was last seen, and whether its silence was taken as an incident.</summary>
internal sealed partial class SqliteIncidentStore : IHeartbeatStore
{
    public Task<Heartbeat?> BeatAsync(string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Writer.WriteAsync(connection =>
        {
            Heartbeat? before = null;
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT last_seen, silent_since FROM heartbeats WHERE name = $name";
                read.Parameters.AddWithValue("$name", name);
                using var reader = read.ExecuteReader();
                if (reader.Read())
                {
                    before = new Heartbeat(name, Parse(reader.GetString(0)), reader.IsDBNull(1) ? null : Parse(reader.GetString(1)));
                }
            }

            // A late delivery never moves the last beat back.
            var seen = before is { } known && known.LastSeen > at ? known.LastSeen : at;
            Execute(connection,
                "INSERT INTO heartbeats (name, last_seen, silent_since) VALUES ($name, $seen, NULL) ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen, silent_since = NULL",
                ("$name", name), ("$seen", WriterStatements.Time(seen)));
            return before;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<Heartbeat>> HeartbeatsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, last_seen, silent_since FROM heartbeats ORDER BY name";
        var beats = new List<Heartbeat>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            beats.Add(new Heartbeat(reader.GetString(0), Parse(reader.GetString(1)), reader.IsDBNull(2) ? null : Parse(reader.GetString(2))));
        }

        return beats;
    }

    public Task<bool> MarkSilentAsync(string name, DateTimeOffset lastSeen, DateTimeOffset since, CancellationToken cancellationToken) =>
        Writer.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE heartbeats SET silent_since = $since WHERE name = $name AND last_seen = $seen AND silent_since IS NULL";
            command.Parameters.AddWithValue("$since", WriterStatements.Time(since));
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$seen", WriterStatements.Time(lastSeen));
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
}
