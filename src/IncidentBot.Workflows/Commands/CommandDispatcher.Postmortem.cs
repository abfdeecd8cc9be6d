using System.Text.RegularExpressions;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Postmortem sections, written in chat or outside it (the API, the page), with one decision and record.
/// In chat the text is taken verbatim, not through the command tokenizer: Markdown, line breaks,
/// quotes, <c>--flags</c> in pasted output and incident ids mentioned in passing all stay words.
/// </summary>
public sealed partial class CommandDispatcher
{
    /// <summary>Where an incident id may stand in a write: before <c>write</c>, right after it, or right after the section.</summary>
    private static readonly string[] IdGroups = ["id", "id3", "id2"];

    private sealed record WriteCommand(IncidentId? Incident, string Section, string Text);

    private static WriteCommand? PostmortemWriteCommand(string text)
    {
        if (text is null || text.Length > CommandParser.MaxLength || WriteLine().Match(text) is not { Success: true } m)
        {
            return null;
        }

        var id = IdGroups.Select(g => m.Groups[g]).FirstOrDefault(g => g.Success)?.Value;
        return new WriteCommand(id is not null && IncidentId.TryParse(id, out var parsed) ? parsed : null, m.Groups["section"].Value.ToLowerInvariant(), m.Groups["text"].Value);
    }

    private async Task<BotMessage> WritePostmortemAsync(WriteCommand write, CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.DeliveryKey is { } key && await store.FindDeliveryAsync(key, cancellationToken) is { } earlier)
        {
            return ReplyJson.Read(earlier) with { Replayed = true };
        }

        if ((write.Incident ?? request.RoomIncident ?? await ResolveRoomAsync(request.Room, cancellationToken)) is not { } id)
        {
            return new Refusal(
                Say.T(
                    "There is no open incident in this channel, so name one: `/incident postmortem INC-0042 write root-cause <text>`.",
                    "このチャンネルには対応中のインシデントがありません。インシデントを指定してください：`/incident postmortem INC-0042 write root-cause <text>`。"),
                "/incident list").Reply(null);
        }

        var context = new CommandContext(request.User, clock.GetUtcNow(), zone) { Runbooks = _runbooks, Postmortems = _postmortems, ReadsMetrics = readsMetrics };
        return await DecideAndRecordAsync(id, state => PostmortemWriting.Write(state, write.Section, write.Text, context), context, request.DeliveryKey, request.AnsweredIn, request.FollowUp, cancellationToken);
    }

    [GeneratedRegex(@"^\s*(?:[/／]?incident\s+)?(?:postmortem|pm)\s+(?:(?<id>INC-\d+)\s+)?write(?:\s+(?<id3>INC-\d+))?(?:\s+(?<section>\S+))?(?:\s+(?<id2>INC-\d+)(?=\s|$))?(?:\s+(?<text>[\s\S]*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex WriteLine();

    public Task<BotMessage> WritePostmortemAsync(IncidentId id, string section, string text, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(text);
        var context = new CommandContext(user, clock.GetUtcNow(), zone) { Runbooks = _runbooks, Postmortems = _postmortems, ReadsMetrics = readsMetrics };
        return DecideAndRecordAsync(id, state => PostmortemWriting.Write(state, section.ToLowerInvariant(), text, context), context, null, null, null, cancellationToken);
    }
}
