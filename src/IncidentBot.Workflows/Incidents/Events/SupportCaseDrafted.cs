namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Someone drafted a support case to the cloud provider (its subject line), so the timeline shows when outside help was asked for.</summary>
public sealed record SupportCaseDrafted : IncidentEvent
{
    public required string Subject { get; init; }

    public override string Kind => "support-case";
}
