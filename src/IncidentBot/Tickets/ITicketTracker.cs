namespace IncidentBot.Tickets;

/// <summary>A ticket in the team's tracker.</summary>
public sealed record Ticket(string Key, string Url);

/// <summary>
/// The team's tracker, as the exporter needs it. A ticket carries a marker unique to its action item
/// (<c>incidentbot:INC-0042#3</c>), so a retry after a lost answer finds the ticket instead of filing a second.
/// </summary>
public interface ITicketTracker
{
    string Name { get; }

    Task<Ticket?> FindAsync(string marker, CancellationToken cancellationToken);

    Task<Ticket> CreateAsync(string marker, string title, string body, CancellationToken cancellationToken);

    Task<bool> IsClosedAsync(string key, CancellationToken cancellationToken);
}
