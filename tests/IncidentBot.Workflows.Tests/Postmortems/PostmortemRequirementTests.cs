using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Tests.Postmortems;

public class PostmortemRequirementTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 22, 3, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// An incident opened by an alert (or a person), with impact stated over the whole incident or not,
    /// detection stated or not, resolved after <paramref name="minutes"/>.
    /// </summary>
    private static Incident Resolved(int minutes, string source = "alertmanager", string? impact = null, string? detectedBy = null)
    {
        var events = new List<IncidentEvent>
        {
            new IncidentOpened { Actor = "incidentbot", At = T0, Title = "db", Source = source },
            new PhaseChanged { Actor = "alice", At = T0, Trigger = Trigger.Declare, From = Phase.Detected, To = Phase.Triage },
            new RoleAssigned { Actor = "alice", At = T0, Role = Role.Commander, User = "alice" },
            new SeverityChanged { Actor = "alice", At = T0, To = Severity.Sev3 },
            new PhaseChanged { Actor = "alice", At = T0, Trigger = Trigger.StartRecovery, From = Phase.Triage, To = Phase.Recovering },
            new PhaseChanged { Actor = "alice", At = T0.AddMinutes(minutes - 1), Trigger = Trigger.Mitigated, From = Phase.Recovering, To = Phase.Verifying, Reason = "restart" },
            new PhaseChanged { Actor = "bob", At = T0.AddMinutes(minutes), Trigger = Trigger.Verified, From = Phase.Verifying, To = Phase.Reporting },
        };
        if (impact is not null)
        {
            events.Insert(2, new DetailChanged { Actor = "alice", At = T0, Detail = Incidents.Events.IncidentDetail.Impact, Value = impact });
            events.Add(new ImpactWindowSet { Actor = "alice", At = T0.AddMinutes(minutes), From = T0, To = T0.AddMinutes(minutes) });
        }

        if (detectedBy is not null)
        {
            events.Add(new DetectionRecorded { Actor = "alice", At = T0.AddMinutes(minutes), Source = detectedBy });
        }

        return Incident.Replay(new IncidentId(1), events.Select((e, i) => new RecordedEvent(new IncidentId(1), i + 1, Guid.NewGuid(), e)));
    }

    private static PostmortemRequirement Of(Incident incident, PostmortemOptions? options = null) =>
        PostmortemRequirement.Of(incident, incident.Start, incident.FirstEntered(Phase.Reporting)!.Value, options ?? new PostmortemOptions());

    [Fact]
    public void ShortIncident_DetectedByMonitoring_NeedsNoPostmortem()
    {
        var requirement = Of(Resolved(15, impact: "slow checkout"));

        Assert.False(requirement.Required);
        Assert.StartsWith("none of the criteria apply", Assert.Single(requirement.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void UserImpactOverTwentyMinutes_IsRequired() =>
        Assert.Equal(["users were affected for 25m (over 20m)"], Of(Resolved(25, impact: "checkout down")).Reasons);

    [Fact]
    public void LongIncidentWithoutRecordedImpact_IsRequiredForItsResolutionTime() =>
        Assert.Equal(["resolution took 1h 30m (over 1h 0m)"], Of(Resolved(90)).Reasons);

    [Fact]
    public void NoticedByAPerson_IsRequired_BecauseMonitoringMissedIt() =>
        Assert.Equal(["monitoring did not detect it: a person noticed it first"], Of(Resolved(5, source: "person", impact: "none", detectedBy: "person")).Reasons);

    [Fact]
    public void OpenedByCommand_WithNothingStated_AsksInsteadOfAssuming()
    {
        var requirement = Of(Resolved(5, source: "person", impact: null));

        Assert.False(requirement.Required);
        Assert.StartsWith("none of the criteria known so far apply", Assert.Single(requirement.Reasons), StringComparison.Ordinal);
        Assert.Equal(2, requirement.Unknown.Count); // impact and detection, each with the command that answers it
    }

    [Fact]
    public void Thresholds_AreConfigurable()
    {
        var lenient = new PostmortemOptions { Downtime = TimeSpan.FromMinutes(40), Resolution = TimeSpan.FromHours(2) };

        Assert.False(Of(Resolved(30, impact: "checkout down"), lenient).Required);
        Assert.True(Of(Resolved(45, impact: "checkout down"), lenient).Required);
    }

    [Theory]
    [InlineData("@bob broke the deploy", true)]
    [InlineData("@carol forgot to renew the certificate", true)]
    [InlineData("it was Dave's fault", true)]
    [InlineData("human error during the migration", true)]
    [InlineData("田中さんのせいで止まった", true)]
    [InlineData("オペレーターのミスで削除された", true)]
    [InlineData("the deploy had no check for the schema version", false)]
    [InlineData("@bob restarted the proxy at 12:05", false)]
    [InlineData("デプロイ手順に確認がなかった", false)]
    [InlineData("fault tolerance was off on the reader", false)]
    public void BlamefulWording_IsFound_InEnglishAndJapanese(string text, bool blames) =>
        Assert.Equal(blames, BlamelessCheck.Blames(text));

    [Fact]
    public void BlamelessWarning_SuggestsWordingAboutSystems() =>
        Assert.Equal(
            "\"@bob broke the deploy\" names a person as the cause. Say what the system allowed instead, e.g. \"the deploy had no check for X\".",
            Assert.Single(BlamelessCheck.Find(["@bob broke the deploy", "restarted the proxy"], "en")));
}
