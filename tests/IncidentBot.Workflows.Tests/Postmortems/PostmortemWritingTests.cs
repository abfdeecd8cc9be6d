using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Tests.Fakes;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Tests.Postmortems;

/// <summary>The postmortem written by people, reviewed by someone who did not write it, and published with nothing left open.</summary>
public class PostmortemWritingTests
{
    private static readonly Dictionary<string, string> Words = new()
    {
        ["summary"] = "Checkout failed for 40 minutes after the pool limit was lowered.",
        ["impact"] = "About 30 % of checkout attempts failed between 12:05 and 12:45.",
        ["root-cause"] = "The connection pool limit was set below the peak concurrency the service needs.",
        ["trigger"] = "A configuration change that lowered the pool limit from 200 to 20.",
        ["detection"] = "The error-rate alert fired four minutes after the change.",
        ["went-well"] = "The runbook's failover step worked the first time.",
        ["went-badly"] = "Nobody owned the configuration change, so the rollback waited.",
        ["lucky"] = "The change landed outside the lunch peak.",
        ["notes"] = "See the config review for the pool sizing rationale.",
    };

    private static async Task<Room> ReportingAsync(Room room)
    {
        await room.PlayAsync("alice", "/incident start sev2 checkout errors", "/incident role commander me",
            "/incident impact --from 11:50 --to 11:58", "/incident detected-by monitoring the error-rate alert", "/incident recover",
            "/incident mitigated rolled back the pool limit", "/incident verified");
        return room;
    }

    private static async Task<(Incident Incident, string Markdown)> DraftAsync(Room room)
    {
        var events = await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None);
        var incident = Incident.Replay(new IncidentId(1), events);
        return (incident, PostmortemMarkdown.Render(PostmortemBuilder.Build(incident, events, room.Clock.Now, new PostmortemOptions())));
    }

    [Fact]
    public async Task Every_section_written_by_command_reviewed_by_someone_else_and_published_leaves_no_prompt()
    {
        var room = await ReportingAsync(new Room());
        foreach (var (section, text) in Words)
        {
            await room.Say($"/incident postmortem write {section} {text}", section is "went-well" or "lucky" ? "bob" : "alice").ExpectReply($"wrote the postmortem's {section}");
        }

        var (_, draft) = await DraftAsync(room);
        Assert.All(Words.Values, text => Assert.Contains(text, draft, StringComparison.Ordinal));
        Assert.Contains("✏️", draft, StringComparison.Ordinal); // still a draft: the response section asks how it went

        await room.Say("/incident reviewer @alice").ExpectRefusal("nobody reviews their own postmortem");
        await room.Say("/incident reviewer @carol").ExpectOk();
        await room.Say("/incident postmortem review").ExpectOk();
        await room.Say("/incident postmortem approve", "alice").ExpectRefusal("had a hand in this postmortem");
        await room.Say("/incident postmortem approve", "carol").ExpectReply("in review → approved");
        await room.Say("/incident postmortem publish").ExpectReply("approved → published");
        await room.Say("/incident postmortem write lucky it was not that lucky").ExpectRefusal("published; what it says is final");
        await room.Say("/incident summary a new summary").ExpectRefusal("postmortem is published");
        await room.Say("/incident impact none: on reflection").ExpectRefusal("postmortem is published");
        await room.Say("/incident close").ExpectReply("reporting → closed");

        var (incident, published) = await DraftAsync(room);
        Assert.Equal(PostmortemStatus.Published, incident.PostmortemStatus);
        Assert.DoesNotContain("✏️", published, StringComparison.Ordinal);
        Assert.All(Words.Values, text => Assert.Contains(text, published, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publishing_with_sections_unwritten_is_refused_with_the_command_for_each()
    {
        var room = await ReportingAsync(new Room());
        await room.PlayAsync("alice", "/incident summary Checkout failed after a config change", "/incident reviewer @carol");
        await room.Say("/incident postmortem write trigger n/a").ExpectRefusal("Say why the trigger does not apply");
        await room.Say("/incident postmortem write lucky n/a nothing was lucky about it").ExpectOk();
        await room.Say("/incident postmortem review").ExpectOk();
        await room.Say("/incident postmortem approve", "carol").ExpectOk();

        var refusal = await room.Say("/incident postmortem publish").ExpectRefusal("cannot be published while 6 required sections are unwritten");
        foreach (var section in new[] { "impact", "root-cause", "trigger", "detection", "went-well", "went-badly" })
        {
            Assert.Contains($"/incident postmortem write {section} <text>", refusal.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("/incident postmortem write summary", refusal.Text, StringComparison.Ordinal); // recorded with /incident summary
        Assert.DoesNotContain("reviewer me", refusal.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rewritten_section_supersedes_the_old_text_keeps_its_history_and_sends_an_approved_postmortem_back_to_review()
    {
        var room = await ReportingAsync(new Room(postmortems: new PostmortemOptions { RequiredApprovals = 2 }));
        await room.PlayAsync("alice", "/incident reviewer @bob @carol", "/incident postmortem write root-cause the pool limit", "/incident postmortem review");
        await room.Say("/incident postmortem approve", "bob").ExpectReply("1 of 2 approvals");
        await room.Say("/incident postmortem approve", "bob").ExpectRefusal("approved it already");
        await room.Say("/incident postmortem approve", "carol").ExpectReply("in review → approved");

        await room.Say("/incident summary checkout failed for 40 minutes", "dave").ExpectReply("back in review");
        await room.Say("/incident postmortem approve", "bob").ExpectOk();
        await room.Say("/incident postmortem approve", "carol").ExpectReply("in review → approved");
        await room.Say("/incident postmortem write root-cause the pool limit was below peak concurrency", "bob").ExpectReply("back in review");
        var (incident, draft) = await DraftAsync(room);
        Assert.Equal(PostmortemStatus.InReview, incident.PostmortemStatus);
        Assert.Empty(incident.Approvals);
        Assert.Contains("the pool limit was below peak concurrency", draft, StringComparison.Ordinal);
        Assert.DoesNotContain("\nthe pool limit\n", draft, StringComparison.Ordinal);
        var timeline = TimelineBuilder.Build(await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None));
        Assert.Equal(2, timeline.Count(e => e.Text.StartsWith("Postmortem root-cause written", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_section_is_taken_verbatim_with_markdown_quotes_flags_and_other_incidents_mentioned()
    {
        var room = await ReportingAsync(new Room());
        await room.PlayAsync("bob", "/incident start sev3 an older incident");
        const string Text = "Same pool limit as INC-0002 \"last week\".\n\n```\n$ aws rds describe-db-instances --debug\nERROR throttled\n```\n- 「接続数」 was fine";
        await room.Say("/incident postmortem INC-0001 write root-cause " + Text).ExpectReply("wrote the postmortem's root-cause");

        var (incident, _) = await DraftAsync(room);
        Assert.Equal(Text, incident.PostmortemTexts["root-cause"]);
        var other = Incident.Replay(new IncidentId(2), await room.Store.ReadAsync(new IncidentId(2), 0, CancellationToken.None));
        Assert.Empty(other.PostmortemTexts);
        await room.Say("/incident postmortem write").ExpectRefusal("is not a postmortem section");
        await room.Say("/incident postmortem write INC-0002 lucky the older one was quiet").ExpectReply("wrote the postmortem's lucky");
        Assert.Equal("the older one was quiet", Incident.Replay(new IncidentId(2), await room.Store.ReadAsync(new IncidentId(2), 0, CancellationToken.None)).PostmortemTexts["lucky"]);
    }
}
