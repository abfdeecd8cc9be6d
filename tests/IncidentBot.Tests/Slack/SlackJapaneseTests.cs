using System.Text.RegularExpressions;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Slack;

/// <summary>
/// A Slack workspace with <c>Bot:Locale=ja</c>: the slash command's answer (a request), the war room's
/// card and board (posted later by the outbox loop) and an explanation after a button press (sent
/// after the ack) are all Japanese, whichever path wrote them.
/// </summary>
public sealed partial class SlackJapaneseTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;

    public async Task InitializeAsync() => _slack = await SlackHarness.StartAsync(_database, ("Bot:Locale", "ja"));

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Answers_the_war_room_and_explanations_are_in_Japanese()
    {
        var answer = await _slack.CommandAsync("start sev2 決済の接続エラー");
        Assert.Contains("INC-0001", answer["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches(Japanese(), answer["text"]!.GetValue<string>());

        var room = await _slack.RoomAsync(1);
        await _slack.QuietAsync();
        var card = room.Messages[0];
        Assert.Contains("インシデントコマンダー", Text(card.Blocks!), StringComparison.Ordinal);
        Assert.Contains("担当作業", room.Messages[1].Text, StringComparison.Ordinal);
        var labels = SlackHarness.Buttons(card).Select(b => b["text"]!["text"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(labels);
        Assert.All(labels, label => Assert.Matches(Japanese(), label));

        // The card offers no recovery before a commander; a typed one is refused, in Japanese, with what is missing.
        Assert.DoesNotContain(labels, l => l.Contains("復旧対応", StringComparison.Ordinal));
        var refused = await _slack.CommandAsync("recover", SlackHarness.Bob, room.Id);
        Assert.Equal("ephemeral", refused["response_type"]?.GetValue<string>());
        Assert.Contains("インシデントコマンダー", refused["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The blocks as people read them (the wire escapes non-ASCII characters).</summary>
    private static string Text(string blocks) => System.Text.Json.Nodes.JsonNode.Parse(blocks)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex Japanese();
}
