using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// The commands that only read: status, timeline, support case, postmortem draft, lists. They read
/// committed events from the store, never the dispatcher's cache, so they never show a change that
/// is still being written.
/// </summary>
internal sealed class IncidentQueries(IIncidentStore store, TimeProvider clock, TimeZoneInfo zone, PostmortemOptions postmortems)
{
    public async Task<BotMessage> StatusAsync(IncidentId id, CancellationToken cancellationToken) =>
        await ReadAsync(id, (incident, _) => IncidentCard.Render(incident, zone) with { Visibility = MessageVisibility.Ephemeral }, cancellationToken);

    public async Task<BotMessage> TimelineAsync(IncidentId id, CancellationToken cancellationToken) =>
        await ReadAsync(id, (incident, events) => TimelineMessage.Render(incident, events, zone), cancellationToken);

    public async Task<BotMessage> SupportCaseAsync(IncidentId id, CancellationToken cancellationToken) =>
        await ReadAsync(id, (incident, events) => SupportCaseDraft.Render(incident, events, clock.GetUtcNow(), zone), cancellationToken);

    public async Task<BotMessage> PostmortemAsync(IncidentId id, CancellationToken cancellationToken) =>
        await ReadAsync(id, (incident, events) => PostmortemMessage.Render(PostmortemBuilder.Build(incident, events, clock.GetUtcNow(), postmortems)), cancellationToken);

    public async Task<BotMessage> ListAsync(bool includeFinished, CancellationToken cancellationToken) =>
        IncidentListMessage.Render(await store.ListAsync(includeFinished, cancellationToken), includeFinished);

    // Reads every incident: fine for hundreds; a projection of open action items belongs with the reminders.
    public async Task<BotMessage> ActionsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var incidents = new List<Incident>();
        foreach (var summary in await store.ListAsync(includeFinished: true, cancellationToken))
        {
            incidents.Add(Incident.Replay(summary.Id, await store.ReadAsync(summary.Id, 0, cancellationToken)));
        }

        return PostmortemDecider.OpenActions(incidents, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime));
    }

    private async Task<BotMessage> ReadAsync(IncidentId id, Func<Incident, IReadOnlyList<RecordedEvent>, BotMessage> render, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(id, 0, cancellationToken);
        return events.Count == 0 ? Refusal.NoSuchIncident(id).Reply(null) : render(Incident.Replay(id, events), events);
    }
}
