namespace IncidentBot.Workflows.Incidents;

/// <summary>Why the store could not write: each has its own advice for whoever can fix it.</summary>
public enum StoreFault
{
    /// <summary>The disk (or volume) holding the database is full.</summary>
    DiskFull,

    /// <summary>The database file or its folder cannot be written (permissions, a read-only mount).</summary>
    ReadOnly,

    /// <summary>Another process held the database's write lock for longer than the bot waits.</summary>
    Locked,

    /// <summary>The file is damaged, or is not the bot's database.</summary>
    Damaged,

    /// <summary>An input/output error from the disk.</summary>
    DiskError,

    /// <summary>The database server (PostgreSQL) does not answer or refuses the connection.</summary>
    Unreachable,

    /// <summary>The database server stopped answering after a commit was sent: it may or may not have landed.</summary>
    LostMidCommit,
}
