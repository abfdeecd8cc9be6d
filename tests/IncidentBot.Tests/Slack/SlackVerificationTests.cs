using IncidentBot.Tests.Aws;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Slack;

/// <summary>Verification checks in a Slack war room: each change of a check's state is posted there once, with its chart.</summary>
public sealed class SlackVerificationTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private FakeCloudWatch _aws = null!;
    private SlackHarness _slack = null!;

    public async Task InitializeAsync()
    {
        _aws = await FakeCloudWatch.StartAsync();
        _slack = await SlackHarness.StartAsync(_database,
            ("AWS:Region", FakeCloudWatch.Region), ("AWS:ServiceUrl", _aws.ServiceUrl.ToString()), ("Verification:IntervalSeconds", "1"));
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _aws.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Check_results_are_posted_in_the_room_once_per_change_with_a_chart()
    {
        var healthy = false;
        _aws.Metrics["CPUUtilization"] = at => healthy ? 30 : at.Minute % 2 == 0 ? 95 : 50;
        await _slack.CommandAsync("start sev2 db cpu pinned");
        var room = await _slack.RoomAsync(1);
        // Slack escapes &, < and > in a slash command's text; the condition must survive that.
        foreach (var command in new[] { "check add AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db &lt; 70 for 10m", "role commander me", "recover", "mitigated killed the report query" })
        {
            await _slack.CommandAsync(command, channel: room.Id);
        }

        await SlackHarness.EventuallyAsync(() => room.Messages.Any(m => m.Text.Contains("Verification check ❌ #1", StringComparison.Ordinal)), "the failing check in the room");
        var failing = room.Messages.Single(m => m.Text.Contains("Verification check ❌ #1", StringComparison.Ordinal));
        Assert.Contains("CPUUtilization was 95", failing.Text, StringComparison.Ordinal);
        Assert.Contains("50–95 (threshold 70)", failing.Text, StringComparison.Ordinal);
        Assert.Contains("█", failing.Text, StringComparison.Ordinal);

        healthy = true;
        await SlackHarness.EventuallyAsync(() => room.Messages.Any(m => m.Text.Contains("Verification check ✅ #1", StringComparison.Ordinal)), "the passing check in the room");
        var passing = room.Messages.Single(m => m.Text.Contains("Verification check ✅ #1", StringComparison.Ordinal));
        Assert.Contains("All 1 check passes", passing.Text, StringComparison.Ordinal);
        Assert.Contains(SlackHarness.Buttons(passing), b => b["text"]!["text"]!.GetValue<string>() == "Verified");

        // Readings every second that change nothing post nothing.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Single(room.Messages, m => m.Text.Contains("Verification check", StringComparison.Ordinal) && m.Text.Contains('✅'));
        Assert.Single(room.Messages, m => m.Text.Contains("Verification check ❌", StringComparison.Ordinal));
    }
}
