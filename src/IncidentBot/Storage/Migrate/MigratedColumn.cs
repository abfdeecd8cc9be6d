using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace IncidentBot.Storage.Migrate;

/// <summary>A column's PostgreSQL type, which says how its SQLite value is read.</summary>
internal enum ColumnKind
{
    Text,
    Integer,
    BigInt,
    Boolean,
    Time,
    Uuid,
}

/// <summary>
/// One column copied from SQLite to PostgreSQL, converted as the two stores write it: times are
/// round-trip text in SQLite and timestamptz in PostgreSQL, booleans 0/1 integers and boolean, event
/// ids text and uuid. A value of another kind than the column's is refused, never guessed at.
/// </summary>
internal sealed record MigratedColumn(string Name, ColumnKind Kind)
{
    /// <summary>The column as PostgreSQL calls its type in <c>information_schema.columns</c>.</summary>
    public string PostgresType => Kind switch
    {
        ColumnKind.Text => "text",
        ColumnKind.Integer => "integer",
        ColumnKind.BigInt => "bigint",
        ColumnKind.Boolean => "boolean",
        ColumnKind.Time => "timestamp with time zone",
        _ => "uuid",
    };

    /// <summary>The SQLite value at <paramref name="ordinal"/> as PostgreSQL takes it (null for NULL).</summary>
    public object? Read(SqliteDataReader reader, string table, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var value = reader.GetValue(ordinal);
        return value is DBNull
            ? null
            : Convert(value) ?? throw new InvalidDataException($"{table}.{Name} holds {Describe(value)}, which is not a {PostgresType} value");
    }

    private object? Convert(object value) => (Kind, value) switch
    {
        (ColumnKind.Text, string text) => text,
        (ColumnKind.Integer, long number) when number is >= int.MinValue and <= int.MaxValue => (int)number,
        (ColumnKind.BigInt, long number) => number,
        (ColumnKind.Boolean, long flag) when flag is 0 or 1 => flag == 1,
        (ColumnKind.Time, string text) when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out var time) => Microseconds(time),
        (ColumnKind.Uuid, string text) when Guid.TryParse(text, out var id) => id,
        _ => null,
    };

    /// <summary>Writes a value <see cref="Read"/> gave into the current row of a binary COPY.</summary>
    public static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(importer);
        return value switch
        {
            null => importer.WriteNullAsync(cancellationToken),
            string text => importer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken),
            int number => importer.WriteAsync(number, NpgsqlDbType.Integer, cancellationToken),
            long number => importer.WriteAsync(number, NpgsqlDbType.Bigint, cancellationToken),
            bool flag => importer.WriteAsync(flag, NpgsqlDbType.Boolean, cancellationToken),
            DateTimeOffset time => importer.WriteAsync(time, NpgsqlDbType.TimestampTz, cancellationToken),
            Guid id => importer.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken),
            _ => throw new ArgumentException($"No PostgreSQL type for {value.GetType().Name}.", nameof(value)),
        };
    }

    /// <summary>
    /// The time as PostgreSQL keeps it: UTC, to the microsecond. SQLite's text keeps .NET's 100 ns;
    /// the last digit is dropped here, explicitly, rather than left to the driver (an event's own time
    /// is also in its payload, which is copied whole).
    /// </summary>
    public static DateTimeOffset Microseconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }

    private static string Describe(object value) => value switch
    {
        byte[] bytes => $"a blob of {bytes.Length} bytes",
        string text => $"'{(text.Length > 40 ? text[..40] + "…" : text)}'",
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };
}
