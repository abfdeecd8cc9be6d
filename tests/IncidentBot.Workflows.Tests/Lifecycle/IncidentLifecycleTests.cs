using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Tests.Lifecycle;

public class IncidentLifecycleTests
{
    private static readonly (Phase From, Trigger Trigger, Phase To)[] Allowed =
    [
        (Phase.Detected, Trigger.Declare, Phase.Triage),
        (Phase.Detected, Trigger.Dismiss, Phase.Dismissed),
        (Phase.Triage, Trigger.StartRecovery, Phase.Recovering),
        (Phase.Triage, Trigger.Cancel, Phase.Cancelled),
        (Phase.Recovering, Trigger.Mitigated, Phase.Verifying),
        (Phase.Verifying, Trigger.Verified, Phase.Reporting),
        (Phase.Verifying, Trigger.VerificationFailed, Phase.Recovering),
        (Phase.Verifying, Trigger.Resolve, Phase.Reporting),
        (Phase.Reporting, Trigger.Close, Phase.Closed),
        (Phase.Reporting, Trigger.Reopen, Phase.Recovering),
    ];

    public static TheoryData<Phase, Trigger> EveryPair()
    {
        var data = new TheoryData<Phase, Trigger>();
        foreach (var phase in Enum.GetValues<Phase>())
        {
            foreach (var trigger in Enum.GetValues<Trigger>())
            {
                data.Add(phase, trigger);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Trigger_IsAllowed_ExactlyWhereDesignSays(Phase phase, Trigger trigger)
    {
        var incident = Incidents.In(phase);
        var (transition, refusal) = IncidentLifecycle.Check(incident, trigger, new TriggerRequest("alice", "a reason"));

        var expected = Allowed.Where(a => a.From == phase && a.Trigger == trigger).Select(a => (Phase?)a.To).FirstOrDefault();
        if (expected is { } to)
        {
            Assert.Null(refusal);
            Assert.Equal(to, transition!.To);
        }
        else
        {
            Assert.Null(transition);
            Assert.NotNull(refusal);
            Assert.Contains(phase.Name(), refusal.Problem, StringComparison.Ordinal);
            Assert.NotEmpty(refusal.Fixes);
            Assert.All(refusal.Fixes, fix => Assert.StartsWith("/incident ", fix, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Refusal_ListsTheCommandsThePhasePermits()
    {
        var (_, refusal) = IncidentLifecycle.Check(Incidents.In(Phase.Triage), Trigger.Verified, new TriggerRequest("alice"));

        Assert.Equal(["/incident recover", "/incident cancel <reason>"], refusal!.Fixes);
    }

    [Fact]
    public void Permitted_DrivesOneButtonPerTrigger()
    {
        Assert.Equal([Trigger.Mitigated], IncidentLifecycle.Permitted(Phase.Recovering).Select(t => t.Trigger));
        Assert.Equal([Trigger.Verified, Trigger.VerificationFailed, Trigger.Resolve], IncidentLifecycle.Permitted(Phase.Verifying).Select(t => t.Trigger));
        Assert.Empty(IncidentLifecycle.Permitted(Phase.Closed));
    }

    [Theory]
    [InlineData(false, true, "a commander", "/incident role commander me")]
    [InlineData(true, false, "a severity", "/incident sev <1-4>")]
    [InlineData(false, false, "a commander and a severity", "/incident sev <1-4>")]
    public void StartRecovery_IsRefused_WithoutCommanderOrSeverity(bool commander, bool severity, string missing, string fix)
    {
        var incident = Incidents.In(Phase.Triage, commander, severity);

        var (_, refusal) = IncidentLifecycle.Check(incident, Trigger.StartRecovery, new TriggerRequest("bob"));

        Assert.Contains($"needs {missing}", refusal!.Problem, StringComparison.Ordinal);
        Assert.Contains(fix, refusal.Fixes);
    }

    [Theory]
    [InlineData(Phase.Recovering, Trigger.Mitigated, "/incident mitigated <what was done>")]
    [InlineData(Phase.Verifying, Trigger.VerificationFailed, "/incident verify-failed <what is still wrong>")]
    [InlineData(Phase.Reporting, Trigger.Reopen, "/incident reopen <reason>")]
    [InlineData(Phase.Reporting, Trigger.Close, "/incident close --no-postmortem <reason>")]
    [InlineData(Phase.Verifying, Trigger.Resolve, "/incident resolve <reason>")]
    public void Trigger_IsRefused_WithoutItsNoteOrReason(Phase phase, Trigger trigger, string fix)
    {
        var (_, refusal) = IncidentLifecycle.Check(Incidents.In(phase), trigger, new TriggerRequest("alice", "  "));

        Assert.Contains(fix, refusal!.Fixes);
    }

    [Fact]
    public void Resolve_IsRefused_ForAnyoneButTheCommander()
    {
        var (_, refusal) = IncidentLifecycle.Check(Incidents.In(Phase.Verifying), Trigger.Resolve, new TriggerRequest("bob", "users are fine"));

        Assert.Contains("Only the commander (@alice)", refusal!.Problem, StringComparison.Ordinal);
        Assert.Contains("/incident verified", refusal.Fixes);
    }
}
