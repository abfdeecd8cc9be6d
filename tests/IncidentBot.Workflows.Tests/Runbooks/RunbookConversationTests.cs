using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Runbooks;
using IncidentBot.Workflows.Tests.Fakes;

namespace IncidentBot.Workflows.Tests.Runbooks;

public class RunbookConversationTests
{
    private readonly Room _room = new(runbooks: SampleRunbooks.Library());

    private async Task<Incident> Load() =>
        Incident.Replay(new IncidentId(1), await _room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None));

    [Fact]
    public async Task Declaring_ProposesMatchingRunbooks_BestFirst_WithReasons()
    {
        var reply = await _room.Say("/incident start mysql greeting packet errors").ExpectReply("1. `db-storm` Database connection storm — \"greeting packet\" in the title or summary");

        Assert.Contains(reply.Buttons, b => b.Command == "/incident runbook db-storm INC-0001");
        await _room.Say("/incident services rds-main, redis").ExpectReply("2. `cache-down`");
        await _room.Say("/incident services redis, rds-main").ExpectOk();

        var proposals = (await _room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None)).Select(e => e.Event).OfType<RunbooksProposed>().ToList();
        Assert.Equal(2, proposals.Count);
        Assert.Equal(["db-storm", "cache-down"], proposals[1].Proposals.Select(p => p.Runbook));
    }

    [Fact]
    public async Task Step_SaysWhereItIsWritten_AsALinkWhenTheRunbookHasOne()
    {
        var linked = SampleRunbooks.Library().Runbooks.Select(r => r with { SourceUrl = new Uri($"https://git.example.com/ops/runbooks/blob/main/{r.Id}%20v2.md") });
        var room = new Room(runbooks: new RunbookLibrary(linked, []));
        await room.Say("/incident start db down").ExpectOk();
        await _room.Say("/incident start db down").ExpectOk();

        await room.Say("/incident runbook db-storm").ExpectReply("Source: https://git.example.com/ops/runbooks/blob/main/db-storm%20v2.md (line 17)");
        await _room.Say("/incident runbook db-storm").ExpectReply("Source: db-storm.md:17");
    }

    [Fact]
    public async Task DetectedIncident_GetsProposalsWhenDeclared()
    {
        await _room.Say("/incident start --triage redis timeouts").ExpectOk();
        Assert.Empty((await Load()).Proposals);

        await _room.Say("/incident declare").ExpectReply("`cache-down`");
    }

    [Fact]
    public async Task Runbook_IsWalkedStepByStep_AndEveryAnswerIsRecorded()
    {
        await _room.PlayAsync("alice", "/incident start db down", "/incident role commander me");

        var step1 = await _room.Say("/incident runbook db-storm", "bob").ExpectReply("db-storm · step 1/3 · Compare connections with attempts");
        Assert.Contains(step1.Fields, f => f.Title == "Run" && f.Value.Contains("ConnectionAttempts", StringComparison.Ordinal));
        Assert.Equal(["Done", "Failed", "Skip", "I'll do this step"], step1.Buttons.Select(b => b.Label));

        await _room.Say("/incident step done", "bob").ExpectReply("step 2/3 · Kill idle sessions");
        await _room.Say("/incident step done db-storm#2", "bob").ExpectRefusal("is destructive: the commander (@alice) approves it");
        await _room.Say("/incident step approve", "bob").ExpectRefusal("Only the commander (@alice)");
        await _room.Say("/incident step approve db-storm#2", "alice").ExpectReply("approved destructive step 2");
        await _room.Say("/incident step done db-storm#1", "bob").ExpectRefusal("Step 1 of db-storm is not the current step (it was answered done by @bob)");
        await _room.Say("/incident step done #2 killed 40 sleeping sessions", "bob").ExpectReply("step 3/3");
        await _room.Say("/incident step skip", "bob").ExpectRefusal("Say why the step is skipped");
        await _room.Say("/incident step skip #3 connections already normal", "bob").ExpectReply("db-storm · finished");
        await _room.Say("/incident step done", "bob").ExpectRefusal("No runbook is running");

        var progress = (await Load()).Runbook("db-storm")!;
        Assert.True(progress.Finished);
        Assert.Equal(
            [(1, StepAnswer.Done, "bob"), (2, StepAnswer.Approved, "alice"), (2, StepAnswer.Done, "bob"), (3, StepAnswer.Skipped, "bob")],
            progress.Answers.Select(a => (a.Step, a.Answer, a.Actor)));
        await _room.Say("/incident runbook").ExpectReply("db-storm — finished (2 done, 1 skipped)");
    }

    [Fact]
    public async Task FailedStep_ShowsTheEscalation_OrGoesWhereTheRunbookSays()
    {
        await _room.Say("/incident start db down").ExpectOk();
        await _room.Say("/incident runbook db-storm").ExpectOk();

        await _room.Say("/incident step failed").ExpectRefusal("Say what you saw instead");
        await _room.Say("/incident step failed attempts look normal").ExpectReply("Going to step 3");
        await _room.Say("/incident step failed reader endpoint missing").ExpectReply("Escalate: escalate to the database owner.");

        Assert.Equal(3, (await Load()).Runbook("db-storm")!.Current);
    }

    [Fact]
    public async Task SeveralRunbooks_RunSideBySide_AndAnswersMustSayWhich()
    {
        await _room.PlayAsync("alice", "/incident start db and cache down", "/incident runbook db-storm", "/incident runbook cache-down");

        await _room.Say("/incident step done").ExpectRefusal("2 runbooks are running (db-storm, cache-down)");
        await _room.Say("/incident step done cache-down#1").ExpectReply("cache-down · finished");
        await _room.Say("/incident step done").ExpectReply("step 2/3");
    }

    [Fact]
    public async Task UnknownOrUnattachedRunbook_ChangesNothing()
    {
        await _room.Say("/incident start db down").ExpectOk();

        await _room.Say("/incident runbook db-strom").ExpectRefusal("There is no runbook 'db-strom'. Did you mean: db-storm?");
        var far = await _room.Say("/incident runbook nosuch").ExpectRefusal("There is no runbook 'nosuch'. The runbooks are: ");
        Assert.Equal("/incident runbook", Assert.Single(far.Buttons).Command); // no unrelated runbook offered
        await _room.Say("/incident step done cache-down#1").ExpectRefusal("Runbook cache-down is not running in INC-0001");
        await _room.Say("/incident step maybe").ExpectRefusal("Say done, failed, skip or approve");
        Assert.Empty((await Load()).Runbooks);
    }

    [Fact]
    public async Task ClaimingARunbookStep_StopsASecondPersonTakingIt()
    {
        await _room.Say("/incident start db down").ExpectOk();
        var step = await _room.Say("/incident runbook db-storm").ExpectOk();
        var claim = step.Buttons.Single(b => b.Label == "I'll do this step").Command;

        await _room.Say(claim, "bob").ExpectReply("claimed #1: db-storm#1 Compare connections with attempts");
        await _room.Say(claim, "carol").ExpectRefusal("@bob has been doing this");
    }

    [Fact]
    public async Task SupportCase_IsFilledFromTheIncident_WithPlaceholdersForTheUnknown()
    {
        await _room.PlayAsync("alice",
            "/incident start sev1 orders API down",
            "/incident services rds, lambda",
            "/incident impact checkout fails for every user",
            "/incident note --at 11:50 first 5xx on https://grafana.example.com/d/api",
            "/incident note writer arn:aws:rds:ap-northeast-1:123456789012:db:prod-db in ap-northeast-1",
            "/incident hypothesis connection storm",
            "/incident hypothesis rule-out #1 attempts normal");

        var draft = await _room.Say("/incident support-case").ExpectReply("Subject: Production system down: orders API down");

        Assert.Contains("Started: 2026-01-22 11:50:00 +09:00 (first sign, before the incident was opened)", draft.Text, StringComparison.Ordinal);
        Assert.Contains("Ongoing: Yes, still ongoing", draft.Text, StringComparison.Ordinal);
        Assert.Contains("Region: ap-northeast-1", draft.Text, StringComparison.Ordinal);
        Assert.Contains("Service: rds, lambda", draft.Text, StringComparison.Ordinal);
        Assert.Contains("Resource ids: arn:aws:rds:ap-northeast-1:123456789012:db:prod-db", draft.Text, StringComparison.Ordinal);
        Assert.Contains("Account and user: 123456789012 / <IAM user or role that saw the error>", draft.Text, StringComparison.Ordinal);
        Assert.Contains("- hypothesis \"connection storm\" ruled out: attempts normal", draft.Text, StringComparison.Ordinal);
        Assert.Contains("- https://grafana.example.com/d/api", draft.Text, StringComparison.Ordinal);
        Assert.Contains("Question: <", draft.Text, StringComparison.Ordinal);
    }
}
