using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Tests.Alerts;

public sealed class AlertDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static Alert A(string fingerprint, AlertStatus status = AlertStatus.Firing, string name = "HighErrorRate", int startMinute = 0) => new()
    {
        Source = "alertmanager",
        Fingerprint = fingerprint,
        Status = status,
        Name = name,
        Labels = new Dictionary<string, string> { ["service"] = "checkout" },
        StartsAt = Now.AddMinutes(startMinute),
    };

    private static Incident Opened(params Alert[] alerts)
    {
        var id = new IncidentId(1);
        IncidentEvent[] events =
        [
            new IncidentOpened { Actor = "alertmanager", At = Now, Title = "x", Source = "alertmanager" },
            new AlertsReceived { Actor = "alertmanager", At = Now, Alerts = alerts },
            new DetailChanged { Actor = "alertmanager", At = Now, Detail = IncidentDetail.Services, Value = "checkout" },
        ];
        return Incident.Replay(id, events.Select((e, i) => new RecordedEvent(id, i + 1, Guid.NewGuid(), e)));
    }

    private static Incident Apply(Incident state, IEnumerable<IncidentEvent> events)
    {
        foreach (var e in events)
        {
            state.Apply(new RecordedEvent(state.Id, state.Version + 1, Guid.NewGuid(), e));
        }

        return state;
    }

    [Fact]
    public void Only_new_or_changed_alerts_are_recorded()
    {
        var state = Opened(A("a"), A("b"));
        Assert.Empty(AlertDecider.Receive(state, [A("a"), A("b")], "alertmanager", Now).Events);
        var decision = AlertDecider.Receive(state, [A("a"), A("b", AlertStatus.Resolved), A("c"), A("a", startMinute: 30)], "alertmanager", Now);
        var received = Assert.IsType<AlertsReceived>(Assert.Single(decision.Events));
        Assert.Equal(["a", "b", "c"], received.Alerts.Select(a => a.Fingerprint).Order());
        Assert.False(received.NewNames);
        Assert.Equal(Now, received.Alerts.Single(a => a.Fingerprint == "b").StartsAt);
    }

    [Fact]
    public void A_resolution_delivered_twice_is_recorded_once()
    {
        var state = Opened(A("a"));
        state = Apply(state, AlertDecider.Receive(state, [A("a", AlertStatus.Resolved, startMinute: 20)], "alertmanager", Now).Events);
        Assert.Empty(AlertDecider.Receive(state, [A("a", AlertStatus.Resolved, startMinute: 20)], "alertmanager", Now).Events);
    }

    [Fact]
    public void When_the_last_alert_resolves_the_room_is_told_what_might_come_next()
    {
        var state = Opened(A("a"), A("b"));
        var first = AlertDecider.Receive(state, [A("a", AlertStatus.Resolved)], "alertmanager", Now);
        state = Apply(state, first.Events);
        Assert.Equal(MessageVisibility.Ephemeral, first.Reply!(state).Visibility);

        var last = AlertDecider.Receive(state, [A("b", AlertStatus.Resolved)], "alertmanager", Now);
        state = Apply(state, last.Events);
        var reply = last.Reply!(state);
        Assert.Equal(MessageVisibility.InChannel, reply.Visibility);
        Assert.Contains("All alerts of INC-0001 have resolved", reply.Text, StringComparison.Ordinal);
        Assert.Equal(["Declare", "Dismiss"], reply.Buttons.Select(b => b.Label));
        Assert.Equal(Phase.Detected, state.Phase);
    }

    [Fact]
    public void Updates_older_than_what_is_known_are_old_news()
    {
        var state = Opened(A("a", startMinute: 10));
        Assert.Empty(AlertDecider.Receive(state, [A("a", startMinute: 5)], "alertmanager", Now).Events);
        Assert.Empty(AlertDecider.Receive(state, [A("a", AlertStatus.Resolved, startMinute: 5) with { EndsAt = Now.AddMinutes(8) }], "alertmanager", Now).Events);
        state = Apply(state, AlertDecider.Receive(state, [A("a", AlertStatus.Resolved, startMinute: 10)], "alertmanager", Now).Events);

        // The same firing, replayed after its resolution by the other Alertmanager of a pair: not the alert coming back.
        Assert.Empty(AlertDecider.Receive(state, [A("a", startMinute: 10)], "alertmanager", Now).Events);
        Assert.Single(AlertDecider.Receive(state, [A("a", startMinute: 30)], "alertmanager", Now).Events);
    }

    [Fact]
    public void While_any_sender_group_leaves_alerts_out_the_room_is_never_told_all_resolved()
    {
        var state = Opened(A("a"), A("b"));
        var cut = AlertDecider.Receive(state, [A("a", AlertStatus.Resolved)], "alertmanager", Now, unlisted: new Dictionary<string, int> { ["cluster-1"] = 3 });
        state = Apply(state, cut.Events);
        Assert.Contains("3 more not listed", cut.Reply!(state).Text, StringComparison.Ordinal);

        // Another Alertmanager group of the same incident lists everything: cluster-1's three are still unseen.
        var other = AlertDecider.Receive(state, [A("b", AlertStatus.Resolved)], "alertmanager", Now, unlisted: new Dictionary<string, int> { ["cluster-2"] = 0 });
        state = Apply(state, other.Events);
        Assert.Equal(MessageVisibility.Ephemeral, other.Reply!(state).Visibility);
        Assert.Equal(3, state.UnlistedAlerts);

        var complete = AlertDecider.Receive(state, [A("a", AlertStatus.Resolved)], "alertmanager", Now, unlisted: new Dictionary<string, int> { ["cluster-1"] = 0 });
        state = Apply(state, complete.Events);
        Assert.Contains("All alerts of INC-0001 have resolved", complete.Reply!(state).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resolution_and_an_older_firing_committed_together_keep_the_resolution()
    {
        var state = Opened(A("a"));
        var resolved = A("a", AlertStatus.Resolved) with { EndsAt = Now.AddMinutes(5) };
        state = Apply(state, AlertDecider.Receive(state, [resolved, A("a")], "alertmanager", Now).Events);
        Assert.Equal(AlertStatus.Resolved, state.AlertFor("a")!.Value.Status);

        // A resolution whose start is earlier than the recorded one (an HA pair's merged start) still resolves.
        var firing = Opened(A("b", startMinute: 10));
        firing = Apply(firing, AlertDecider.Receive(firing, [A("b", AlertStatus.Resolved, startMinute: 5) with { EndsAt = Now.AddMinutes(20) }], "alertmanager", Now).Events);
        Assert.Equal(AlertStatus.Resolved, firing.AlertFor("b")!.Value.Status);

        // One that ended before this firing began resolves an earlier firing: old news.
        var again = Opened(A("c", startMinute: 30));
        Assert.Empty(AlertDecider.Receive(again, [A("c", AlertStatus.Resolved, startMinute: 5) with { EndsAt = Now.AddMinutes(20) }], "alertmanager", Now).Events);
    }

    [Fact]
    public void Groups_are_the_same_alert_name_and_service_or_the_same_alarm()
    {
        var rules = new AlertRules();
        Assert.Equal(rules.GroupKey(A("a")), rules.GroupKey(A("b")));
        Assert.NotEqual(rules.GroupKey(A("a")), rules.GroupKey(A("a", name: "Other")));
        var job = A("c") with { Labels = new Dictionary<string, string> { ["job"] = "checkout" } };
        Assert.Equal(rules.GroupKey(A("a")), rules.GroupKey(job));
        var alarm = A("arn") with { Source = "cloudwatch", Labels = new Dictionary<string, string> { ["alarm_arn"] = "arn:1", ["service"] = "x" } };
        Assert.Equal("cloudwatch:arn:1", rules.GroupKey(alarm));
        Assert.Equal(["alertname", "cluster"], AlertRules.ParseGroupBy(" alertname , Cluster "));
    }

    [Theory]
    [InlineData("critical", Severity.Sev2)]
    [InlineData("P1", Severity.Sev1)]
    [InlineData("warning", Severity.Sev4)]
    [InlineData("error", Severity.Sev3)]
    [InlineData("whatever", null)]
    public void Severity_labels_map_to_severities(string label, Severity? expected) =>
        Assert.Equal(expected, new AlertRules().SeverityOf(A("a") with { Labels = new Dictionary<string, string> { ["severity"] = label } }));

    [Fact]
    public void Titles_say_what_fired_and_where()
    {
        Assert.Equal("HighErrorRate on checkout", new AlertRules().Title(A("a")));
        Assert.Equal("HighErrorRate: 5xx above 5%", new AlertRules().Title(A("a") with { Annotations = new Dictionary<string, string> { ["summary"] = "5xx above 5%" } }));
    }
}
