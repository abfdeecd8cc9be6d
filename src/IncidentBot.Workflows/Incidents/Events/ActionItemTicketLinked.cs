namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>An action item was filed in the team's tracker (Jira, GitHub Issues) as this ticket.</summary>
public sealed record ActionItemTicketLinked : IncidentEvent
{
    public required int Item { get; init; }
    public required string Ticket { get; init; }
    public required string Url { get; init; }

    public override string Kind => "action-ticket";
}
