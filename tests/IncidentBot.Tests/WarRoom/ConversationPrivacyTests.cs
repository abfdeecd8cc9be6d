using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.WarRoom;

/// <summary>
/// Who sees which kept exchange, and that the name a page gives is believed only where it can be:
/// a refusal is its sender's, a note's "Noted" too (the note itself is the room's), a rebound host
/// name neither writes nor reads anyone's private replies, and an idempotency key is its sender's.
/// </summary>
public sealed class ConversationPrivacyTests : IDisposable
{
    private readonly BotFactory _bot = new();
    private readonly HttpClient _client;

    public ConversationPrivacyTests() => _client = _bot.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _bot.Dispose();
    }

    [Fact]
    public async Task Refusals_and_private_replies_are_shown_to_their_sender_only()
    {
        await SayAsync("/incident start sev2 checkout errors", "alice");
        await SayAsync("/incident note gateway answers 502 INC-0001", "alice");
        await SayAsync("/incident sev9 INC-0001", "bob");
        var forAlice = await ReadAsync("inc-0001", "alice", count: 2);
        var forBob = await ReadAsync("inc-0001", "bob", count: 3);

        // Alice: her start and her note with its "Noted"; not Bob's refusal.
        Assert.Equal(["/incident start sev2 checkout errors", "/incident note gateway answers 502 INC-0001"], forAlice.Select(e => e.GetProperty("said").GetString()));
        Assert.Contains("Noted", forAlice[1].GetProperty("reply").GetProperty("text").GetString(), StringComparison.Ordinal);
        // Bob: the note without its reply, and his own refusal with its reason.
        Assert.Equal(JsonValueKind.Null, forBob[1].GetProperty("reply").ValueKind);
        Assert.Equal("reply-to-sender", forBob[1].GetProperty("privacy").GetString());
        Assert.Equal("sender-only", forBob[2].GetProperty("privacy").GetString());
        Assert.False(forBob[2].GetProperty("reply").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task A_page_under_another_host_name_neither_writes_nor_reads_private_replies()
    {
        await SayAsync("/incident start sev2 checkout errors", "alice");
        await SayAsync("/incident sev9 INC-0001", "alice");
        await ReadAsync("inc-0001", "alice", count: 2);

        // What a page on another site that rebound its name to 127.0.0.1 sends: its own Host.
        using var write = new HttpRequestMessage(HttpMethod.Post, "/api/commands") { Content = JsonContent.Create(new { text = "/incident note pwned INC-0001", user = "alice" }) };
        write.Headers.Host = "rebound.example";
        using var refused = await _client.SendAsync(write);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/rooms/inc-0001/conversation?viewer=alice");
        read.Headers.Host = "rebound.example";
        using var answer = await _client.SendAsync(read);
        var entries = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        Assert.Single(entries);
        Assert.DoesNotContain("pwned", await (await _client.GetAsync(new Uri("/api/incidents/INC-0001/timeline", UriKind.Relative))).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idempotency_key_is_its_senders_and_a_retry_is_kept_once()
    {
        await SayAsync("/incident start sev2 checkout errors", "alice");
        await SayAsync("/incident note first reading INC-0001", "alice", key: "k-1");
        await SayAsync("/incident note first reading INC-0001", "alice", key: "k-1");
        // Bob reusing Alice's key gets his own command run, not her reply.
        var bob = await SayAsync("/incident note bob's reading INC-0001", "bob", key: "k-1");
        Assert.True(bob.GetProperty("ok").GetBoolean());

        var forAlice = await ReadAsync("inc-0001", "alice", count: 3);
        Assert.Equal(1, forAlice.Count(e => e.GetProperty("said").GetString() == "/incident note first reading INC-0001"));
        Assert.Equal("k-1", forAlice[1].GetProperty("key").GetString());
        Assert.Equal(JsonValueKind.Null, forAlice[2].GetProperty("key").ValueKind);
        var timeline = await (await _client.GetAsync(new Uri("/api/incidents/INC-0001/timeline", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Contains("bob's reading", timeline, StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse(timeline).RootElement.EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("first reading", StringComparison.Ordinal));
    }

    /// <summary>Sends as the page does from INC-0001's room (a refusal stays in the room it was typed in).</summary>
    private async Task<JsonElement> SayAsync(string text, string user, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/commands") { Content = JsonContent.Create(new { text, user, channel = "inc-0001" }) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The room as <paramref name="viewer"/> sees it, once it holds <paramref name="count"/> exchanges (they are kept just after the reply).</summary>
    private async Task<List<JsonElement>> ReadAsync(string room, string viewer, int count)
    {
        List<JsonElement> entries = [];
        await Eventually.HoldsAsync(async () =>
        {
            var json = await _client.GetStringAsync(new Uri($"/api/rooms/{room}/conversation?viewer={viewer}", UriKind.Relative));
            entries = [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone())];
            return entries.Count >= count;
        }, $"{count} exchanges in {room} for {viewer}");
        Assert.Equal(count, entries.Count);
        return entries;
    }
}
