using IncidentBot.Workflows.Incidents;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage;

/// <summary>SQLite's result codes for faults outside the bot, as the store's <see cref="StoreUnavailableException"/>.</summary>
internal static class SqliteFaults
{
    /// <summary>The exception a caller should see: a fault outside the bot becomes a <see cref="StoreUnavailableException"/>; anything else stays as it was.</summary>
    public static Exception Translate(Exception ex, string path) => ex switch
    {
        StoreUnavailableException => ex,
        SqliteException sqlite when Fault(sqlite.SqliteErrorCode) is { } fault => new StoreUnavailableException(fault, path, sqlite.Message, sqlite),
        UnauthorizedAccessException => new StoreUnavailableException(StoreFault.ReadOnly, path, ex.Message, ex),
        _ => ex,
    };

    // https://www.sqlite.org/rescode.html: the primary code is the low byte of an extended one.
    private static StoreFault? Fault(int code) => (code & 0xFF) switch
    {
        13 => StoreFault.DiskFull, // SQLITE_FULL
        8 or 14 => StoreFault.ReadOnly, // SQLITE_READONLY, SQLITE_CANTOPEN (a folder it may not write)
        5 or 6 => StoreFault.Locked, // SQLITE_BUSY, SQLITE_LOCKED
        11 or 26 => StoreFault.Damaged, // SQLITE_CORRUPT, SQLITE_NOTADB
        10 => StoreFault.DiskError, // SQLITE_IOERR
        _ => null,
    };
}
