namespace IncidentBot.Workflows.Alerts;

/// <summary>
/// Heartbeats, kept in the store so a silence is noticed across restarts and reported once, whichever
/// replica notices it: every step is a conditional update that only one caller wins.
/// </summary>
public interface IHeartbeatStore
{
    /// <summary>Records a beat of <paramref name="name"/> at <paramref name="at"/> (and its own timeout, when it says); returns what was known before, null for a first beat.</summary>
    Task<Heartbeat?> BeatAsync(string name, DateTimeOffset at, TimeSpan? timeout, CancellationToken cancellationToken);

    Task<IReadOnlyList<Heartbeat>> HeartbeatsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the silence of <paramref name="name"/> as starting at <paramref name="since"/> and claims its
    /// report for the caller: when it is not silent already and has not beaten since <paramref name="lastSeen"/>;
    /// or, when it is silent since <paramref name="since"/> and unreported, when the last claim is older
    /// than <paramref name="staleBefore"/> (its claimer died).
    /// </summary>
    Task<bool> ClaimSilenceAsync(string name, DateTimeOffset lastSeen, DateTimeOffset since, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken cancellationToken);

    /// <summary>The silence since <paramref name="since"/> was reported.</summary>
    Task MarkReportedAsync(string name, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The silence since <paramref name="since"/> is over (its return was recorded).</summary>
    Task EndSilenceAsync(string name, DateTimeOffset since, CancellationToken cancellationToken);
}
