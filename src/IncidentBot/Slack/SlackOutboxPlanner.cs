using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack;

/// <summary>
/// What Slack must see after a change, stored with the change: a new incident gets its war room; a
/// reply the room has not seen is posted there; and the incident card and work board are refreshed
/// (one pending refresh per incident, however many changes ask for it).
/// </summary>
public sealed class SlackOutboxPlanner(SlackDirectory directory, IOptions<SlackOptions> options) : IOutboxPlanner
{
    public const string Notice = "slack.notice";
    public const string Room = "slack.room";
    public const string Post = "slack.post";
    public const string Card = "slack.card";
    public const string Ephemeral = "slack.ephemeral";

    public static string Queue(IncidentId id) => $"slack:{id}";

    public static string CardQueue(IncidentId id) => $"slack.card:{id}";

    public IEnumerable<OutboxMessage> Plan(Incident after, IReadOnlyList<IncidentEvent> events, BotMessage? reply, string? answeredIn)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(events);
        // Incidents whose room is elsewhere (the local war room page, another platform) are not Slack's.
        if (after.Channel is { } channel && !channel.StartsWith("slack:", StringComparison.Ordinal))
        {
            yield break;
        }

        var id = after.Id;
        var opened = events.OfType<IncidentOpened>().FirstOrDefault();
        var declared = events.Any(e => e is PhaseChanged { From: Phase.Detected, To: Phase.Triage });
        if (opened is not null && after.Phase is Phase.Detected)
        {
            // Detected, not yet declared: announced with Declare / Dismiss; its room opens on declare.
            if (!string.IsNullOrEmpty(options.Value.BroadcastChannel))
            {
                yield return new OutboxMessage($"slack.notice:{id}", Notice, new JsonObject { ["incident"] = id.ToString() }.ToJsonString());
            }

            yield break;
        }

        if (after.Channel is null && (opened is not null || declared))
        {
            yield return new OutboxMessage(Queue(id), Room, new JsonObject
            {
                ["incident"] = id.ToString(),
                ["reporter"] = directory.IdOf((opened ?? (IncidentEvent)events.OfType<PhaseChanged>().First()).Actor),
            }.ToJsonString());
            if (opened is not null)
            {
                yield break;
            }
        }

        if (reply is { Ok: true, Visibility: MessageVisibility.InChannel } && (answeredIn is null || answeredIn != after.Channel))
        {
            yield return new OutboxMessage(Queue(id), Post, new JsonObject
            {
                ["incident"] = id.ToString(),
                ["message"] = JsonNode.Parse(ReplyJson.Write(reply)),
            }.ToJsonString());
        }

        if (after.Channel is null && events.All(e => e is AlertsReceived))
        {
            yield break; // its card shows no alerts, and it has no room whose alert summary would change
        }

        yield return new OutboxMessage(CardQueue(id), Card, new JsonObject { ["incident"] = id.ToString() }.ToJsonString())
        {
            CoalesceKey = CardQueue(id),
            Version = after.Version,
        };
    }

    /// <summary>An explanation for one person (a refused button press), which no event caused.</summary>
    public static OutboxMessage ExplainTo(string channel, string user, BotMessage message) =>
        new($"slack.ephemeral:{channel}", Ephemeral, new JsonObject
        {
            ["channel"] = channel,
            ["user"] = user,
            ["message"] = JsonNode.Parse(ReplyJson.Write(message)),
        }.ToJsonString());
}
