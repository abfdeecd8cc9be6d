using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Tests.Fakes;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Tests.Commands;

/// <summary>The support case keeps what a support engineer asks for first (seed 003), and warns when it is sent too early (seed 000).</summary>
public class SupportCaseTests
{
    [Fact]
    public async Task Log_lines_command_output_and_the_identity_that_saw_the_error_go_into_the_case_and_it_is_on_the_timeline()
    {
        var room = new Room();
        await room.PlayAsync("alice",
            "/incident start sev1 orders API down",
            "/incident note `aws ec2 describe-instance-status` says impaired for i-0abc1234def567890",
            "/incident note ping 10.0.3.12: 100% packet loss from the app subnet, traceroute stops at the NAT gateway",
            "/incident note arn:aws:iam::123456789012:role/orders-api got AccessDenied on rds:Connect at 12:03",
            "/incident note the team lunch is at 13:00",
            "/incident hypothesis the security group lost its rule",
            "/incident hypothesis the NAT gateway is saturated");

        var draft = (await room.Say("/incident support-case").ExpectReply("Subject: Production system down: orders API down")).Text;

        Assert.Contains("Account and user: 123456789012 / arn:aws:iam::123456789012:role/orders-api", draft, StringComparison.Ordinal);
        Assert.DoesNotContain("Resource ids: arn:aws:iam", draft, StringComparison.Ordinal);
        Assert.Contains("@alice: `aws ec2 describe-instance-status` says impaired for i-0abc1234def567890", draft, StringComparison.Ordinal);
        Assert.Contains("100% packet loss from the app subnet, traceroute stops at the NAT gateway", draft, StringComparison.Ordinal);
        Assert.DoesNotContain("team lunch", draft, StringComparison.Ordinal);
        Assert.Contains("- hypothesis #1: the security group lost its rule", draft, StringComparison.Ordinal);
        Assert.Contains("- hypothesis #2: the NAT gateway is saturated", draft, StringComparison.Ordinal);

        var timeline = TimelineBuilder.Build(await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None));
        Assert.Contains(timeline, e => e.Text == "Drafted a support case: Production system down: orders API down");
    }

    [Fact]
    public async Task A_case_drafted_with_no_evidence_and_nothing_tested_carries_a_caution()
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start sev2 database errors", "/incident hypothesis the provider's RDS is degraded");

        var early = await room.Say("/incident support-case").ExpectReply("Subject:");
        Assert.Contains(early.Context, c => c.StartsWith("Caution: no evidence is saved and no hypothesis has been tested yet", StringComparison.Ordinal));

        await room.Say("/incident note ERROR 2013 (HY000): Lost connection to MySQL server at 'reading initial communication packet'").ExpectOk();
        var later = await room.Say("/incident support-case").ExpectReply("Lost connection to MySQL server");
        Assert.DoesNotContain(later.Context, c => c.StartsWith("Caution", StringComparison.Ordinal));
    }
}
