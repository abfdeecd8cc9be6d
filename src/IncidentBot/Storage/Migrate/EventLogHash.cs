using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IncidentBot.Workflows.Incidents;
using Npgsql;

namespace IncidentBot.Storage.Migrate;

/// <summary>
/// A SHA-256 over the whole event log, in (incident, seq) order: each event's incident, seq, event id,
/// kind, actor, time (UTC, round-trip format, to the microsecond PostgreSQL keeps) and payload, each
/// field as its UTF-8 bytes after their length, so no two different logs hash the same way by
/// shifting text between fields. Each incident's events are also hashed alone, to name the incident
/// that differs.
/// </summary>
internal sealed class EventLogHash
{
    private readonly IncrementalHash _all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Dictionary<long, (string Hash, long Events)> _incidents = [];
    private IncrementalHash? _incident;
    private long _current;
    private long _currentEvents;

    private EventLogHash()
    {
    }

    /// <summary><c>sha256:</c> and the log's hash in lower-case hex.</summary>
    public string Hash { get; private set; } = "";

    public long Events { get; private set; }

    public static async Task<EventLogHash> OfSqliteAsync(SqliteSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hash = new EventLogHash();
        await source.ReadAsync(MigratedTables.Events, row =>
        {
            hash.Add((long)row[0]!, (long)row[1]!, (Guid)row[2]!, (string)row[3]!, (string)row[4]!, (DateTimeOffset)row[5]!, (string)row[6]!);
            return Task.CompletedTask;
        }, cancellationToken);
        return hash.Finish();
    }

    public static async Task<EventLogHash> OfPostgresAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var hash = new EventLogHash();
        await using var command = new NpgsqlCommand("SELECT incident, seq, event_id, kind, actor, at, payload FROM events ORDER BY incident, seq", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hash.Add(reader.GetInt64(0), reader.GetInt64(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6));
        }

        return hash.Finish();
    }

    /// <summary>Where two logs differ, naming the first incident whose events do; null when they are the same.</summary>
    public static string? Difference(EventLogHash source, EventLogHash target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Hash == target.Hash)
        {
            return null;
        }

        foreach (var number in source._incidents.Keys.Union(target._incidents.Keys).Order())
        {
            var (inSource, inTarget) = (source._incidents.GetValueOrDefault(number), target._incidents.GetValueOrDefault(number));
            if (inSource != inTarget)
            {
                return $"the events of {new IncidentId(number)} differ ({inSource.Events} in SQLite, {inTarget.Events} in PostgreSQL; hashes {Short(inSource.Hash)} and {Short(inTarget.Hash)})";
            }
        }

        return $"the event logs differ ({source.Hash} in SQLite, {target.Hash} in PostgreSQL)";
    }

    private void Add(long incident, long seq, Guid eventId, string kind, string actor, DateTimeOffset at, string payload)
    {
        if (_incident is null || incident != _current)
        {
            FinishIncident();
            (_incident, _current, _currentEvents) = (IncrementalHash.CreateHash(HashAlgorithmName.SHA256), incident, 0);
        }

        Span<byte> length = stackalloc byte[4];
        foreach (var field in (ReadOnlySpan<string>)[
            incident.ToString(CultureInfo.InvariantCulture), seq.ToString(CultureInfo.InvariantCulture), eventId.ToString("D"),
            kind, actor, MigratedColumn.Microseconds(at).ToString("O", CultureInfo.InvariantCulture), payload])
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            foreach (var hash in (ReadOnlySpan<IncrementalHash>)[_all, _incident!])
            {
                hash.AppendData(length);
                hash.AppendData(bytes);
            }
        }

        _currentEvents++;
        Events++;
    }

    private void FinishIncident()
    {
        if (_incident is not null)
        {
            _incidents[_current] = (Hex(_incident.GetHashAndReset()), _currentEvents);
            _incident.Dispose();
            _incident = null;
        }
    }

    private EventLogHash Finish()
    {
        FinishIncident();
        Hash = Hex(_all.GetHashAndReset());
        _all.Dispose();
        return this;
    }

    private static string Hex(byte[] hash) => "sha256:" + Convert.ToHexStringLower(hash);

    private static string Short(string? hash) => hash is null ? "none" : hash[..Math.Min(hash.Length, 19)];
}
