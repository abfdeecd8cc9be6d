namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>The runbooks the bot proposed, best first, each with why it matched.</summary>
public sealed record RunbooksProposed : IncidentEvent
{
    public required IReadOnlyList<ProposedRunbook> Proposals { get; init; }

    public override string Kind => "runbooks-proposed";
}

public sealed record ProposedRunbook(string Runbook, string Title, int Score, IReadOnlyList<string> Reasons);
