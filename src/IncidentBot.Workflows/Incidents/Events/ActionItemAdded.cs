namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Follow-up work with an owner and a due date; the bot reminds until it is done.</summary>
public sealed record ActionItemAdded : IncidentEvent
{
    public required int Item { get; init; }
    public required string Text { get; init; }
    public required string Owner { get; init; }
    public required DateOnly Due { get; init; }

    public override string Kind => "action";
}
