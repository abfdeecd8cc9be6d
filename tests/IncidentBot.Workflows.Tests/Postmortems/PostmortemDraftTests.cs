using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Tests.Fakes;
using IncidentBot.Workflows.Tests.Runbooks;

namespace IncidentBot.Workflows.Tests.Postmortems;

public class PostmortemDraftTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static async Task<(Incident, IReadOnlyList<RecordedEvent>)> PlayStormAsync(Room room)
    {
        await room.PlayAsync("alice",
            "/incident start sev2 orders db refuses connections",
            "/incident role commander me",
            "/incident impact checkout fails for a third of users --from 11:50",
            "/incident note --at 11:50 first errors, see https://grafana.example.com/d/db",
            "/incident recover",
            "/incident runbook db-storm");
        await room.PlayAsync("bob",
            "/incident claim check ConnectionAttempts",
            "/incident step done",
            "/incident hypothesis new-connection storm",
            "/incident done attempts 4x normal",
            "/incident hypothesis confirm #1 attempts match every error burst");
        room.Clock.Advance(TimeSpan.FromMinutes(25));
        await room.PlayAsync("alice", "/incident role commander @carol", "/incident mitigated routed reads to the reader");
        room.Clock.Advance(TimeSpan.FromMinutes(10));
        await room.ReadCheckAsync(1, 1, 41, 40, 38, 35, 33, 30, 31, 29, 28, 27);
        await room.Say("/incident impact --to 12:35").ExpectOk();
        await room.Say("/incident verified", "bob").ExpectReply("A postmortem is required: users were affected for 45m (over 20m)");
        var events = await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None);
        return (Incident.Replay(new IncidentId(1), events), events);
    }

    [Fact]
    public async Task Draft_FillsWhatTheEventsKnow_AndPromptsForTheRest()
    {
        var room = new Room(runbooks: SampleRunbooks.Library());
        var (incident, events) = await PlayStormAsync(room);

        var draft = PostmortemBuilder.Build(incident, events, room.Clock.Now, new PostmortemOptions { Zone = Tokyo });
        string Facts(string key) => draft.Sections.Single(s => s.Key == key).Facts ?? "";

        Assert.Equal(Room.Start.AddMinutes(-10), draft.PeriodStart);
        Assert.Equal(Room.Start.AddMinutes(35), draft.PeriodEnd);
        Assert.Equal("checkout fails for a third of users", Facts("impact"));
        Assert.Contains("- new-connection storm: attempts match every error burst", Facts("root-cause"), StringComparison.Ordinal);
        var response = Facts("response");
        Assert.Contains("- Commander: @carol (handed over from @alice to @carol at 12:25)", response, StringComparison.Ordinal);
        Assert.Contains("- Responders: @alice, @bob", response, StringComparison.Ordinal);
        Assert.Contains("- First sign to incident opened: 10m", response, StringComparison.Ordinal);
        Assert.Contains("- Opened to resolved: 35m", response, StringComparison.Ordinal);
        Assert.Contains("  - 1. Compare connections with attempts: done @bob 12:00", response, StringComparison.Ordinal);
        Assert.Contains("- check ConnectionAttempts (@bob, 12:00): attempts 4x normal", response, StringComparison.Ordinal);
        Assert.Contains("- 12:25: routed reads to the reader", response, StringComparison.Ordinal);
        Assert.Equal("", Facts("detection")); // opened by a command, and nobody said how it was noticed: the draft asks
        Assert.Contains(draft.Requirement.Unknown, u => u.Contains("/incident detected-by", StringComparison.Ordinal));
        Assert.All(new[] { "trigger", "went-well", "went-badly", "lucky", "action-items" }, key =>
        {
            var section = draft.Sections.Single(s => s.Key == key);
            Assert.Null(section.Facts);
            Assert.False(string.IsNullOrWhiteSpace(section.Prompt));
        });
        Assert.Equal(["https://grafana.example.com/d/db"], draft.References);
        Assert.Equal("2026-01-22 11:50", draft.Timeline[0].Local);
        Assert.True(draft.Requirement.Required);
        Assert.Equal("carol", draft.Author);
    }

    [Fact]
    public async Task Markdown_RendersTheTemplate_AsTables_InTheBotsZone()
    {
        var room = new Room(runbooks: SampleRunbooks.Library());
        var (incident, events) = await PlayStormAsync(room);
        await room.Say("/incident note pipes | stay | in one cell <script>alert(1)</script>").ExpectOk();
        events = await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None);

        var draft = PostmortemBuilder.Build(Incident.Replay(incident.Id, events), events, room.Clock.Now, new PostmortemOptions { Zone = Tokyo });
        var md = PostmortemMarkdown.Render(draft);
        var html = PostmortemMarkdown.RenderHtml(draft);

        foreach (var heading in new[] { "## Summary", "## Impact", "## Root cause", "## Trigger", "## Response", "## Detection", "## What went well", "## What went badly", "## Where we got lucky", "## Action items", "## Timeline", "## References" })
        {
            Assert.Contains("\n" + heading + "\n", md, StringComparison.Ordinal);
        }

        Assert.Contains("| Incident period | 2026-01-22 11:50 – 2026-01-22 12:35 (Asia/Tokyo) |", md, StringComparison.Ordinal);
        Assert.Contains("| Reviewers | ✏️ Name at least one reviewer. |", md, StringComparison.Ordinal);
        Assert.Contains("| 2026-01-22 12:35 | @alice | pipes \\| stay \\| in one cell", md, StringComparison.Ordinal);
        Assert.Contains("> ✏️ What change or event set it off, and when?", md, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Japanese_DraftIsJapaneseThroughout()
    {
        var room = new Room(runbooks: SampleRunbooks.Library());
        var (incident, events) = await PlayStormAsync(room);

        var md = PostmortemMarkdown.Render(PostmortemBuilder.Build(incident, events, room.Clock.Now, new PostmortemOptions { Locale = "ja", Zone = Tokyo }));

        Assert.Contains("# ポストモーテム：INC-0001", md, StringComparison.Ordinal);
        Assert.Contains("| 障害期間 | 2026-01-22 11:50 – 2026-01-22 12:35（`Asia/Tokyo`） |", md, StringComparison.Ordinal);
        Assert.Contains("| ポストモーテムの要否 | 必要：ユーザー影響が 45 分継続（基準の 20 分を超過）", md, StringComparison.Ordinal);
        Assert.Contains("## 根本原因", md, StringComparison.Ordinal);
        Assert.Contains("- 開始から解決まで：35 分", md, StringComparison.Ordinal);
        Assert.Contains("> ✏️ 発生の直接のきっかけとなった変更や出来事と、その日時を書いてください。", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Opened to", md, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryWord_HasBothLanguages() =>
        Assert.All(PostmortemText.Words, w =>
        {
            Assert.False(string.IsNullOrWhiteSpace(w.Value.En), w.Key);
            Assert.False(string.IsNullOrWhiteSpace(w.Value.Ja), w.Key);
            Assert.Equal(w.Value.En.Count(c => c == '{'), w.Value.Ja.Count(c => c == '{'));
        });

    [Fact]
    public async Task Flags_AreRecorded_AndMakeAPostmortemRequired()
    {
        var room = new Room();
        await room.Say("/incident start cart errors").ExpectOk();

        await room.Say("/incident flag data-loss").ExpectRefusal("Say what happened");
        await room.Say("/incident flag lost 12 orders").ExpectRefusal("Say data-loss or manual");
        await room.Say("/incident flag data-loss 12 orders lost between 12:01 and 12:04").ExpectReply("A postmortem is required");
        await room.Say("/incident flag manual rolled back release 2026.01.22").ExpectOk();

        var incident = Incident.Replay(new IncidentId(1), await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None));
        var requirement = PostmortemRequirement.Of(incident, incident.Start, Room.Start.AddMinutes(5), new PostmortemOptions());
        Assert.Contains("data was lost: 12 orders lost between 12:01 and 12:04", requirement.Reasons);
        Assert.Contains("an engineer had to intervene by hand: rolled back release 2026.01.22", requirement.Reasons);
    }
}
