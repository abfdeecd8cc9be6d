using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Runbooks;
using IncidentBot.Workflows.Timeline;
using IncidentBot.Workflows.Verification;
using TestIncidents = IncidentBot.Workflows.Tests.Lifecycle.Incidents;

namespace IncidentBot.Workflows.Tests.Language;

/// <summary>
/// What the bot itself writes into an event is stored in English whatever its language, so an
/// installation can change language and the API reads the same; the lines people read translate it.
/// </summary>
public sealed class LanguageNeutralEventTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private static List<RecordedEvent> Recorded(params IncidentEvent[] events) =>
        [.. events.Select((e, i) => new RecordedEvent(new IncidentId(1), i + 1, Guid.NewGuid(), e))];

    [Fact]
    public void A_deleted_message_is_stored_in_English_and_shown_in_the_bots_language()
    {
        using var language = Say.Use("ja");
        var state = TestIncidents.In(Phase.Recovering);
        var room = new RoomAddress("slack", "C1");
        var said = new ChatEvent(ChatEventKind.Said, room, "m1", "bob") { Text = "ロールバック完了" };
        var note = CaptureDecider.Decide(state, said, T0).Events[0];
        state.Apply(new RecordedEvent(state.Id, state.Version + 1, Guid.NewGuid(), note));

        var deleted = Assert.IsType<EntryCorrected>(CaptureDecider.Decide(state, said with { Kind = ChatEventKind.Deleted }, T0).Events[0]);
        Assert.Equal(("(message deleted)", true), (deleted.Text, deleted.Deleted));

        var events = Recorded(note, deleted with { Supersedes = 1 });
        Assert.Equal("（メッセージは削除されました）", TimelineBuilder.Build(events)[0].CorrectedText);
        using (Say.Use("en"))
        {
            Assert.Equal("(message deleted)", TimelineBuilder.Build(events)[0].CorrectedText);
        }
    }

    [Fact]
    public void The_bots_own_waiver_is_stored_in_English_and_read_back_once_in_Japanese()
    {
        using var language = Say.Use("ja");
        var events = new IncidentEvent[]
        {
            new IncidentOpened { Actor = "incidentbot", At = T0, Title = "ディスク警告", Source = "alertmanager" },
            new PhaseChanged { Actor = "alice", At = T0, Trigger = Trigger.Declare, From = Phase.Detected, To = Phase.Triage },
            new RoleAssigned { Actor = "alice", At = T0, Role = Role.Commander, User = "alice" },
            new SeverityChanged { Actor = "alice", At = T0, To = Severity.Sev4 },
            new PhaseChanged { Actor = "alice", At = T0, Trigger = Trigger.StartRecovery, From = Phase.Triage, To = Phase.Recovering },
            new PhaseChanged { Actor = "alice", At = T0.AddMinutes(5), Trigger = Trigger.Mitigated, From = Phase.Recovering, To = Phase.Verifying, Reason = "tmp を削除" },
            new PhaseChanged { Actor = "bob", At = T0.AddMinutes(8), Trigger = Trigger.Verified, From = Phase.Verifying, To = Phase.Reporting },
            new ImpactWindowSet { Actor = "bob", At = T0.AddMinutes(8), None = true },
        };
        var incident = Incident.Replay(new IncidentId(1), Recorded(events));
        var context = new CommandContext("alice", T0.AddMinutes(9), TimeZoneInfo.Utc) { Postmortems = new PostmortemOptions { Locale = "ja" } };

        var decision = IncidentDecider.Decide(incident, CommandParser.Parse("/incident close").Command!, context);

        var waived = Assert.IsType<PostmortemWaived>(decision.Events[0]);
        Assert.StartsWith("not required: none of the criteria apply: impact under 20m, resolved within 1h 0m,", waived.Reason, StringComparison.Ordinal);
        Assert.Equal(waived.Reason, Assert.IsType<PhaseChanged>(decision.Events[1]).Reason);
        Assert.Contains("理由：該当する基準なし：影響 20 分未満、1 時間 0 分以内に解決、データ消失なし、手作業による介入なし、監視で検知", decision.Reply!(incident).Text, StringComparison.Ordinal);

        Assert.Equal(
            "ポストモーテム不要：該当する基準なし：影響 20 分未満、1 時間 0 分以内に解決、データ消失なし、手作業による介入なし、監視で検知",
            TimelineBuilder.Describe(waived));
        Assert.EndsWith("：ポストモーテム不要：該当する基準なし：影響 20 分未満、1 時間 0 分以内に解決、データ消失なし、手作業による介入なし、監視で検知", TimelineBuilder.Describe(decision.Events[1]), StringComparison.Ordinal);

        // People's own words stay as they are.
        Assert.Equal("ポストモーテム不要：軽微なため", TimelineBuilder.Describe(waived with { Reason = "軽微なため" }));
        using (Say.Use("en"))
        {
            Assert.Equal("No postmortem required: " + waived.Reason, TimelineBuilder.Describe(waived));
        }
    }

    [Fact]
    public void A_closed_tickets_note_and_a_snapshots_window_are_stored_in_English()
    {
        using var language = Say.Use("ja");
        var ended = new ActionItemEnded { Actor = "incidentbot", At = T0, Item = 3, Done = true, Note = EventWords.TicketClosed.Stored("OPS-42") };
        Assert.Equal("ticket OPS-42 closed", ended.Note);
        Assert.Equal("アクションアイテム #3 を完了：チケット OPS-42 がクローズされました", TimelineBuilder.Describe(ended));
        Assert.Equal("アクションアイテム #3 を完了：チケットはクローズ済み", TimelineBuilder.Describe(ended with { Note = "チケットはクローズ済み" }));

        var snapshot = new MetricSnapshotTaken
        {
            Actor = "incidentbot", At = T0, Metric = "AWS/RDS DatabaseConnections", Statistic = "Average",
            Why = VerificationMessages.SnapshotWindowOf.Stored(30, "m1 + m2"), Points = [new MetricPoint(T0, 12)],
        };
        Assert.Equal("in the 30 minutes before detection (the first metric of m1 + m2)", snapshot.Why);
        Assert.StartsWith("検知前 30 分間（m1 + m2 の最初のメトリクス）の AWS/RDS DatabaseConnections（Average）のスナップショット：", TimelineBuilder.Describe(snapshot), StringComparison.Ordinal);
        using (Say.Use("en"))
        {
            Assert.StartsWith("Metric snapshot of AWS/RDS DatabaseConnections (Average) in the 30 minutes before detection (the first metric of m1 + m2): ", TimelineBuilder.Describe(snapshot), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_draft_is_wholly_in_its_locale_whatever_the_callers_language()
    {
        using var language = Say.Use("en");
        var events = Recorded(
            new IncidentOpened { Actor = "alice", At = T0, Title = "決済エラー", Severity = Severity.Sev2 },
            new FlagRaised { Actor = "alice", At = T0.AddMinutes(1), Flag = IncidentFlag.ManualIntervention, Note = "手動でロールバック" });
        var incident = Incident.Replay(new IncidentId(1), events);

        var draft = PostmortemBuilder.Build(incident, events, T0.AddMinutes(5), new PostmortemOptions { Locale = "ja" });

        Assert.Equal(["「決済エラー」を SEV2 で開始（検知経路：チームのメンバー）", "手作業による介入：手動でロールバック"], draft.Timeline.Select(r => r.Text));
        Assert.Contains("| 重要度 | SEV2 |", PostmortemMarkdown.Render(draft), StringComparison.Ordinal);
        Assert.Equal("en", Say.Locale);
    }

    [Fact]
    public void A_check_in_Japanese_names_its_source_and_window_in_Japanese()
    {
        using var language = Say.Use("ja");
        Assert.True(MetricCondition.TryParse("AWS/EC2 CPUUtilization InstanceId=i-1 < 70 for 10m", out var condition, out _));
        var (outcome, detail) = CheckEvaluation.Evaluate(condition!, [], T0, TimeZoneInfo.Utc);
        Assert.Equal(CheckOutcome.Pending, outcome);
        Assert.StartsWith("直近 10 分の ", detail, StringComparison.Ordinal);

        var check = new VerificationCheck(1, condition!, "runbook db-storm", "alice", T0);
        Assert.Contains($"`{condition}`（Runbook db-storm）：", VerificationMessages.Line(check), StringComparison.Ordinal);
        Assert.Contains($"`{condition}`（手動）：", VerificationMessages.Line(check with { Source = EventWords.ByHand.En }), StringComparison.Ordinal);
        using (Say.Use("en"))
        {
            Assert.Contains($"`{condition}` (runbook db-storm): ", VerificationMessages.Line(check), StringComparison.Ordinal);
            Assert.StartsWith("waiting for ", CheckEvaluation.Evaluate(condition!, [], T0, TimeZoneInfo.Utc).Detail, StringComparison.Ordinal);
            Assert.Contains(" in the last 10m, ", CheckEvaluation.Evaluate(condition!, [], T0, TimeZoneInfo.Utc).Detail, StringComparison.Ordinal);
        }
    }
}
