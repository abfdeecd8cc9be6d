using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Commands;

/// <summary>Postmortem sections written outside chat (the API, the page): the same decision and record as the command.</summary>
public sealed partial class CommandDispatcher
{
    public Task<BotMessage> WritePostmortemAsync(IncidentId id, string section, string text, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(text);
        var context = new CommandContext(user, clock.GetUtcNow(), zone) { Runbooks = _runbooks, Postmortems = _postmortems, ReadsMetrics = readsMetrics };
        return DecideAndRecordAsync(id, state => PostmortemWriting.Write(state, section.ToLowerInvariant(), text, context), context, null, null, null, cancellationToken);
    }
}
