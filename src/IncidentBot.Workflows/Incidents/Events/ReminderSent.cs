namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>The bot reminded the room of something; <see cref="Key"/> names the reminder, so it is sent once.</summary>
public sealed record ReminderSent : IncidentEvent
{
    public required string Key { get; init; }
    public required string Text { get; init; }

    public override string Kind => "reminder";
}
