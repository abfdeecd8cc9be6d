using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Outbox;

/// <summary>
/// What every chat platform must see after a change, decided once for all of them. An incident has
/// one war room, on one platform: the one it was started on when that platform opens rooms, else the
/// primary platform. It is announced on every platform that has an announcement channel (a detected
/// incident with Declare and Dismiss). Replies go to the room; the card and board are refreshed on
/// the room's platform, and the notices on the others, one pending refresh per platform however many
/// changes ask for it.
/// </summary>
public sealed class OutboxPolicy : IOutboxPlanner
{
    private readonly List<ChatPlatform> _platforms;
    private readonly ChatPlatform[] _announcers;
    private readonly ChatPlatform? _primary;

    /// <param name="platforms">The platforms that deliver, in the order they were configured.</param>
    /// <param name="primary">The platform that opens rooms for incidents started elsewhere; by default the first that opens rooms.</param>
    public OutboxPolicy(IEnumerable<ChatPlatform> platforms, string? primary = null)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        _platforms = [.. platforms.DistinctBy(p => p.Name)];
        _announcers = [.. _platforms.Where(p => p.Announces)];
        var openers = _platforms.Where(p => p.OpensRooms).ToList();
        _primary = string.IsNullOrEmpty(primary)
            ? openers.FirstOrDefault()
            : openers.Find(p => p.Name.Equals(primary, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Chat:PrimaryPlatform is '{primary}', but the platforms configured to open rooms are: {(openers.Count == 0 ? "none" : string.Join(", ", openers.Select(p => p.Name)))}.", nameof(primary));
    }

    public IReadOnlyList<ChatPlatform> Platforms => _platforms;

    public ChatPlatform? Primary => _primary;

    public ChatPlatform? RoomOwner(RoomAddress? room, string? startedOn)
    {
        // Asked before every append, under the incident's gate: a plain loop, no allocations.
        foreach (var platform in _platforms)
        {
            if (room is not null ? platform.Name == room.Platform : platform.Name == startedOn && platform.OpensRooms)
            {
                return platform;
            }
        }

        return room is null ? _primary : null;
    }

    public IEnumerable<OutboxMessage> Plan(Incident after, IReadOnlyList<IncidentEvent> events, BotMessage? reply, RoomAddress? answeredIn)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(events);
        var owner = RoomOwner(after.Room, after.RoomPlatform);
        if (after.Room is not null && owner is null)
        {
            yield break; // its room is the channel it was started in, on the local war room page
        }

        var id = after.Id;
        var opened = events.Count > 0 ? events[0] as IncidentOpened : null; // an incident's first event, only ever first
        if (opened is not null && after.Phase is Phase.Detected)
        {
            // Detected, not yet declared: announced with Declare / Dismiss; its room opens on declare.
            foreach (var platform in _announcers)
            {
                yield return Notice(platform, id);
            }

            yield break;
        }

        IncidentEvent? declared = null;
        foreach (var e in events)
        {
            if (declared is null && e is PhaseChanged { From: Phase.Detected, To: Phase.Triage })
            {
                declared = e;
            }
        }

        if (after.Room is null && owner is not null && (opened ?? declared) is { } cause)
        {
            yield return new OutboxMessage(OutboxNames.RoomQueue(owner.Name, id), OutboxNames.Kind(owner.Name, OutboxNames.Room),
                new JsonObject { ["incident"] = id.ToString(), ["by"] = cause.Actor }.ToJsonString());
            if (opened is not null)
            {
                // The room posts its own card; the other platforms hear of it in their announcement channels.
                foreach (var platform in _announcers)
                {
                    if (platform != owner)
                    {
                        yield return Notice(platform, id);
                    }
                }

                yield break;
            }
        }

        // With no room and none coming (detected, dismissed) a reply goes where the incident was announced;
        // on a platform that announces nothing there is nowhere for it, so it is not planned at all.
        var roomComing = after.Room is null && after.Phase is not Phase.Detected && !after.Phase.IsFinished();
        if (owner is not null && reply is { Ok: true, Visibility: MessageVisibility.InChannel } && (answeredIn is null || !answeredIn.Equals(after.Room))
            && (after.Room is not null || roomComing || owner.Announces))
        {
            yield return new OutboxMessage(OutboxNames.RoomQueue(owner.Name, id), OutboxNames.Kind(owner.Name, OutboxNames.Post), new JsonObject
            {
                ["incident"] = id.ToString(),
                ["message"] = JsonNode.Parse(ReplyJson.Write(reply)),
            }.ToJsonString());
        }

        if (after.Room is null && OnlyAlerts(events))
        {
            yield break; // its card shows no alerts, and it has no room whose alert summary would change
        }

        if (owner is not null)
        {
            yield return Refresh(owner, after);
        }

        foreach (var platform in _announcers)
        {
            if (platform != owner)
            {
                yield return Refresh(platform, after);
            }
        }
    }

    private static bool OnlyAlerts(IReadOnlyList<IncidentEvent> events)
    {
        foreach (var e in events)
        {
            if (e is not AlertsReceived)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One pending refresh of what the platform shows of the incident, however many changes ask for it.</summary>
    private static OutboxMessage Refresh(ChatPlatform platform, Incident after)
    {
        var queue = OutboxNames.CardQueue(platform.Name, after.Id);
        return new OutboxMessage(queue, OutboxNames.Kind(platform.Name, OutboxNames.Card), $$"""{"incident":"{{after.Id}}"}""")
        {
            CoalesceKey = queue,
            Version = after.Version,
        };
    }

    /// <summary>An explanation for one person in a room (a refused button press), which no event caused.</summary>
    public static OutboxMessage ExplainTo(RoomAddress room, string user, BotMessage message)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(OutboxNames.ExplainQueue(room), OutboxNames.Kind(room.Platform, OutboxNames.Explain), new JsonObject
        {
            ["room"] = room.ToJson(),
            ["user"] = user,
            ["message"] = JsonNode.Parse(ReplyJson.Write(message)),
        }.ToJsonString());
    }

    /// <summary>A command's answer, in the conversation it was typed in (Teams: its requests carry no answer).</summary>
    public static OutboxMessage AnswerIn(RoomAddress room, BotMessage message)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(OutboxNames.AnswerQueue(room), OutboxNames.Kind(room.Platform, OutboxNames.Answer), new JsonObject
        {
            ["room"] = room.ToJson(),
            ["message"] = JsonNode.Parse(ReplyJson.Write(message)),
        }.ToJsonString());
    }

    private static OutboxMessage Notice(ChatPlatform platform, IncidentId id) =>
        new(OutboxNames.NoticeQueue(platform.Name, id), OutboxNames.Kind(platform.Name, OutboxNames.Notice), $$"""{"incident":"{{id}}"}""");
}
