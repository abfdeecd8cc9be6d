namespace IncidentBot.Workflows.Incidents;

public sealed record ActionItem(int Number, string Text, string Owner, DateOnly Due, string AddedBy, DateTimeOffset AddedAt)
{
    /// <summary>Null while open; true when done, false when cancelled.</summary>
    public bool? Done { get; init; }
    public string? Note { get; init; }

    /// <summary>The tracker's ticket it was filed as (<c>OPS-42</c>, <c>#17</c>), and its link.</summary>
    public string? Ticket { get; init; }
    public string? TicketUrl { get; init; }

    public bool IsOpen => Done is null;
}
