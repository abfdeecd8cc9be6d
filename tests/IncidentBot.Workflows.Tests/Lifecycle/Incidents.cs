using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Tests.Lifecycle;

/// <summary>Builds incidents in a given phase by replaying the events that lead there.</summary>
internal static class Incidents
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 22, 3, 0, 0, TimeSpan.Zero);

    public static Incident In(Phase phase, bool commander = true, bool severity = true)
    {
        var events = new List<IncidentEvent> { new IncidentOpened { Actor = "alice", At = T0, Title = "db down" } };
        void Move(Trigger trigger, Phase from, Phase to, string? reason = null) =>
            events.Add(new PhaseChanged { Actor = "alice", At = T0.AddMinutes(events.Count), Trigger = trigger, From = from, To = to, Reason = reason });

        if (phase == Phase.Dismissed)
        {
            Move(Trigger.Dismiss, Phase.Detected, Phase.Dismissed);
            return Replay(events);
        }

        if (phase != Phase.Detected)
        {
            Move(Trigger.Declare, Phase.Detected, Phase.Triage);
        }

        if (commander)
        {
            events.Add(new RoleAssigned { Actor = "alice", At = T0, Role = Role.Commander, User = "alice" });
        }

        if (severity)
        {
            events.Add(new SeverityChanged { Actor = "alice", At = T0, To = Severity.Sev2 });
        }

        if (phase == Phase.Cancelled)
        {
            Move(Trigger.Cancel, Phase.Triage, Phase.Cancelled);
        }

        if (phase is Phase.Recovering or Phase.Verifying or Phase.Reporting or Phase.Closed)
        {
            Move(Trigger.StartRecovery, Phase.Triage, Phase.Recovering);
        }

        if (phase is Phase.Verifying or Phase.Reporting or Phase.Closed)
        {
            Move(Trigger.Mitigated, Phase.Recovering, Phase.Verifying, "restarted the proxy");
        }

        if (phase is Phase.Reporting or Phase.Closed)
        {
            Move(Trigger.Verified, Phase.Verifying, Phase.Reporting);
        }

        if (phase == Phase.Closed)
        {
            events.Add(new PostmortemWaived { Actor = "alice", At = T0, Reason = "minor" });
            Move(Trigger.Close, Phase.Reporting, Phase.Closed);
        }

        return Replay(events);
    }

    private static Incident Replay(List<IncidentEvent> events) =>
        Incident.Replay(new IncidentId(7), events.Select((e, i) => new RecordedEvent(new IncidentId(7), i + 1, Guid.NewGuid(), e)));
}
