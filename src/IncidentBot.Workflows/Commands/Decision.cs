using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// What a command decides: the events to record and the reply (written from the state after them),
/// or a refusal. Deciding writes nothing; the dispatcher records the events and answers only after
/// they are committed.
/// </summary>
public sealed record Decision
{
    private Decision()
    {
    }

    public IReadOnlyList<IncidentEvent> Events { get; private init; } = [];
    public Refusal? Refusal { get; private init; }
    public Func<Incident, BotMessage>? Reply { get; private init; }

    public static Decision Refuse(Refusal refusal) => new() { Refusal = refusal };

    public static Decision Record(Func<Incident, BotMessage> reply, params IncidentEvent[] events) =>
        new() { Reply = reply, Events = events };

    /// <summary>Nothing changes; the reply says so (a repeated command is not an error).</summary>
    public static Decision Answer(Func<Incident, BotMessage> reply) => new() { Reply = reply };
}
