namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>A reviewer who did not write the postmortem approved it (the actor).</summary>
public sealed record PostmortemApproved : IncidentEvent
{
    public override string Kind => "postmortem-approval";
}
