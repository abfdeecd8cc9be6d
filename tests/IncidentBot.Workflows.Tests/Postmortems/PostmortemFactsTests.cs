using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Tests.Fakes;

namespace IncidentBot.Workflows.Tests.Postmortems;

/// <summary>The postmortem's verdict and head rest on what people stated; where nobody did, the draft asks.</summary>
public class PostmortemFactsTests
{
    private static async Task<(PostmortemDraft Draft, string Markdown)> DraftAsync(Room room)
    {
        var events = await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None);
        var draft = PostmortemBuilder.Build(Incident.Replay(new IncidentId(1), events), events, room.Clock.Now, new PostmortemOptions { Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo") });
        return (draft, PostmortemMarkdown.Render(draft));
    }

    private static async Task<Room> ResolvedAsync(params string[] lines)
    {
        var room = new Room();
        await room.PlayAsync("alice", ["/incident start sev2 checkout errors", "/incident role commander me", .. lines, "/incident recover", "/incident mitigated rolled back", "/incident verified"]);
        return room;
    }

    [Fact]
    public async Task A_backdated_note_is_not_the_start_of_user_impact_and_nobody_is_said_to_have_reported_it()
    {
        var room = new Room();
        room.Clock.Advance(TimeSpan.FromMinutes(30));
        await room.PlayAsync("alice", "/incident start sev2 checkout errors", "/incident note --at 12:05 deploy finished", "/incident impact checkout fails for some users");
        var (draft, md) = await DraftAsync(room);

        Assert.DoesNotContain(draft.Requirement.Reasons, r => r.Contains("users were affected", StringComparison.Ordinal));
        Assert.Contains(draft.Requirement.Unknown, u => u.Contains("--from 12:05 --to 12:45", StringComparison.Ordinal));
        Assert.Contains(draft.Requirement.Unknown, u => u.Contains("/incident detected-by", StringComparison.Ordinal));
        Assert.DoesNotContain("a person", md, StringComparison.Ordinal);
        Assert.DoesNotContain("monitoring did not detect", md, StringComparison.Ordinal);
        Assert.Contains("| Still unknown |", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_impact_stated_means_no_downtime_reason_and_a_stated_window_gives_its_exact_length()
    {
        var (none, _) = await DraftAsync(await ResolvedAsync("/incident impact none: internal batch only", "/incident detected-by monitoring error-rate alert"));
        Assert.False(none.Requirement.Required);
        Assert.Empty(none.Requirement.Unknown);
        Assert.DoesNotContain(none.Requirement.Reasons, r => r.Contains("affected", StringComparison.Ordinal));

        var (stated, md) = await DraftAsync(await ResolvedAsync("/incident impact checkout fails --from 11:20 --to 11:55", "/incident detected-by customer support ticket 4411"));
        Assert.Contains(stated.Requirement.Reasons, r => r.StartsWith("users were affected for 35m", StringComparison.Ordinal));
        Assert.Contains(stated.Requirement.Reasons, r => r.Contains("a customer reported it", StringComparison.Ordinal));
        Assert.Contains("| Users affected | 2026-01-22 11:20 – 2026-01-22 11:55 |", md, StringComparison.Ordinal);
        Assert.Contains("Detected by a customer: support ticket 4411", md, StringComparison.Ordinal);
        Assert.Contains("| How recovery was verified | @alice", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impact_times_are_checked_and_blame_shows_in_the_draft_reviewers_read()
    {
        var room = new Room();
        await room.Say("/incident start sev2 checkout errors").ExpectOk();
        await room.Say("/incident impact --from 12:30 --to 12:10").ExpectRefusal("ends before it starts");
        await room.Say("/incident impact none --from 11:00").ExpectRefusal("takes no --from");
        await room.Say("/incident detected-by luck").ExpectRefusal("monitoring, person, customer, provider");
        await room.Say("/incident impact slow checkout --from 11:40").ExpectReply("Add --to once users are fine again.");
        await room.Say("/incident postmortem write root-cause @bob broke the pool settings").ExpectOk();

        var (draft, md) = await DraftAsync(room);
        Assert.Contains("## Review notes", md, StringComparison.Ordinal);
        Assert.Contains("@bob broke the pool settings", draft.BlamelessWarnings[0], StringComparison.Ordinal);
        Assert.Contains(draft.Requirement.Unknown, u => u.StartsWith("when users were affected", StringComparison.Ordinal));
    }
}
