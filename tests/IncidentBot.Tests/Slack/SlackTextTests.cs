using System.Text.Json.Nodes;
using IncidentBot.Chat.Slack;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Tests.Slack;

public sealed class SlackTextTests
{
    [Theory]
    [InlineData("Checkout errors", new string[0], "inc-0042-checkout-errors")]
    [InlineData("DB connections failing — SEV2!!", new string[0], "inc-0042-db-connections-failing-sev2")]
    [InlineData("Café: crème brûlée API", new string[0], "inc-0042-cafe-creme-brulee-api")]
    [InlineData("決済APIの遅延", new[] { "payments", "checkout-api" }, "inc-0042-payments-api-latency-checkout")]
    [InlineData("ログ欠損", new string[0], "inc-0042-logs-loss")]
    [InlineData("全角ＲＤＳ接続エラー", new string[0], "inc-0042-rds-connection-errors")]
    [InlineData("何かがおかしい", new string[0], "inc-0042")]
    public void Channel_names_keep_to_slacks_rules_and_still_say_what_it_is(string title, string[] services, string expected)
    {
        var name = SlackText.ChannelName(new IncidentId(42), title, services);
        Assert.Equal(expected, name);
        Assert.Matches("^[a-z0-9_-]{1,80}$", name);
    }

    [Fact]
    public void A_long_title_is_cut_at_a_word_within_80_characters_and_a_retry_gets_a_suffix()
    {
        var title = string.Join(' ', Enumerable.Repeat("connection", 20));
        var name = SlackText.ChannelName(new IncidentId(7), title, []);
        Assert.True(name.Length <= 80, name);
        Assert.EndsWith("connection", name, StringComparison.Ordinal);
        var again = SlackText.ChannelName(new IncidentId(7), title, [], attempt: 3);
        Assert.True(again.Length <= 80, again);
        Assert.EndsWith("-3", again, StringComparison.Ordinal);
    }

    [Fact]
    public void Slack_markup_reads_as_people_wrote_it()
    {
        var text = SlackText.Readable("ask <@U1|alice> and <@U2> in <#C9|ops>: see <https://x.example/a?b=1&amp;c=2|the graph> &lt;now&gt; <!here>",
            id => id == "U2" ? "bob" : null);
        Assert.Equal("ask @alice and @bob in #ops: see https://x.example/a?b=1&c=2 <now> @here", text);
        Assert.Equal("sev1", SlackText.WithoutMention("<@UBOT> sev1", "UBOT"));
        Assert.Equal("what now?", SlackText.WithoutMention("what now? <@UBOT>", "UBOT"));
        Assert.Equal("<@UOTHER> sev1", SlackText.WithoutMention("<@UOTHER> sev1", "UBOT"));
    }

    [Fact]
    public void Block_kit_limits_hold_for_long_messages_and_many_buttons()
    {
        var message = new BotMessage
        {
            Header = new string('h', 400),
            Text = string.Join('\n', Enumerable.Repeat(new string('x', 100), 100)) + " <script> & **bold**",
            Buttons = [.. Enumerable.Range(1, 40).Select(i => new ChatButton($"Button {i}", $"/incident claim #{i}"))],
            Context = ["`/incident help`"],
        };
        var (text, blocks) = SlackBlocks.Render(message);
        Assert.True(text.Length <= 4000);
        Assert.True(blocks.Count <= SlackBlocks.MaxBlocks);
        Assert.True(blocks[0]!["text"]!["text"]!.GetValue<string>().Length <= 150);
        var sections = blocks.Where(b => b!["type"]!.GetValue<string>() == "section").ToList();
        Assert.True(sections.Count > 1);
        Assert.All(sections, s => Assert.True(s!["text"]!["text"]!.GetValue<string>().Length <= 3000));
        Assert.Contains("&lt;script&gt; &amp; *bold*", sections[^1]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var actions = blocks.Where(b => b!["type"]!.GetValue<string>() == "actions").ToList();
        Assert.All(actions, a => Assert.True(a!["elements"]!.AsArray().Count <= 5));
        Assert.Equal(25, actions.Sum(a => a!["elements"]!.AsArray().Count));
        Assert.Equal("/incident claim #1", actions[0]!["elements"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void The_bots_links_are_slack_links_and_nothing_typed_becomes_one()
    {
        var (_, blocks) = SlackBlocks.Render(new BotMessage
        {
            Text = "see [runbook](https://evil.example.com) and <@U0ADMIN>",
            Links = [new ChatLink("HighErrorRate: silence", "http://am:9093/#/silences/new?filter=%7Ba%3D%22b%22%7D&x=1"), new ChatLink("bad", "javascript:alert(1)")],
        });
        var text = blocks.ToJsonString();
        Assert.Contains("see [runbook](https://evil.example.com) and &lt;@U0ADMIN&gt;", blocks[0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var links = blocks[^1]!["elements"]![0]!["text"]!.GetValue<string>();
        Assert.Equal("<http://am:9093/#/silences/new?filter=%7Ba%3D%22b%22%7D&amp;x=1|HighErrorRate: silence>", links);
        Assert.DoesNotContain("javascript", text, StringComparison.Ordinal);
    }
}
