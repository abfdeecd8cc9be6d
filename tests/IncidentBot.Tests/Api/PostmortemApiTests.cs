using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Api;

public sealed class PostmortemApiTests : IDisposable
{
    private readonly BotFactory _factory = new(("Bot:Locale", "ja"));
    private readonly ChatRoom _room;

    public PostmortemApiTests() => _room = new ChatRoom(_factory.CreateClient());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Draft_IsServedAsMarkdownHtmlAndJson_InTheConfiguredLocale()
    {
        await _room.Say("/incident start sev2 注文 DB に接続できない").ExpectOk();
        await _room.Say("/incident note @bob broke the pool settings").ExpectOk();
        await _room.Say("/incident detected-by person 注文画面が遅いと気づいた").ExpectOk();

        var md = await _room.Client.GetStringAsync(new Uri("/api/incidents/INC-0001/postmortem?format=md", UriKind.Relative));
        using var html = await _room.Client.GetAsync(new Uri("/api/incidents/INC-0001/postmortem?format=html", UriKind.Relative));
        var json = await _room.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/incidents/INC-0001/postmortem?format=json", UriKind.Relative));
        using var bad = await _room.Client.GetAsync(new Uri("/api/incidents/INC-0001/postmortem?format=pdf", UriKind.Relative));

        Assert.StartsWith("# ポストモーテム：INC-0001 注文 DB に接続できない", md, StringComparison.Ordinal);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h2>根本原因</h2>", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("INC-0001", json.GetProperty("incident").GetString());
        Assert.True(json.GetProperty("requirement").GetProperty("required").GetBoolean());
        Assert.Single(json.GetProperty("blamelessWarnings").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task PostmortemCommand_SaysWhetherItIsRequired_AndWhereToReadIt()
    {
        await _room.Say("/incident start db down").ExpectOk();

        var reply = await _room.Say("/incident postmortem").ExpectReply("/api/incidents/INC-0001/postmortem?format=md");

        // Opened by a command with nothing stated: it says what it does not know, and how to say it.
        Assert.Contains("/incident detected-by", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_section_put_as_markdown_is_written_like_the_command_and_a_refusal_is_409_with_the_reason()
    {
        await _room.Say("/incident start sev2 db down").ExpectOk();
        const string RootCause = "The pool limit was **20**, below peak concurrency (about 150).\n\n- set by hand\n- not reviewed";
        using var written = await Put("/api/incidents/INC-0001/postmortem/sections/root-cause?user=alice", RootCause);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Contains("がポストモーテムの根本原因（`root-cause`）を書きました", await written.Content.ReadAsStringAsync(), StringComparison.Ordinal); // the bot's language, Bot:Locale=ja

        var md = await _room.Client.GetStringAsync(new Uri("/api/incidents/INC-0001/postmortem?format=md", UriKind.Relative));
        Assert.Contains(RootCause, md, StringComparison.Ordinal);
        var timeline = await _room.GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("actor").GetString() == "alice" && e.GetProperty("text").GetString()!.StartsWith("ポストモーテムの「根本原因」を記入", StringComparison.Ordinal));

        using var unknown = await Put("/api/incidents/INC-0001/postmortem/sections/blame?user=alice", "someone");
        Assert.Equal(HttpStatusCode.Conflict, unknown.StatusCode);
        Assert.Contains("はポストモーテムのセクションではありません", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var nobody = await Put("/api/incidents/INC-0001/postmortem/sections/trigger", "a config change");
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        using var missing = await Put("/api/incidents/INC-0009/postmortem/sections/trigger?user=alice", "a config change");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var huge = await Put("/api/incidents/INC-0001/postmortem/sections/trigger?user=alice", new string('x', 20_001));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var bot = await Put("/api/incidents/INC-0001/postmortem/sections/trigger?user=incidentbot", "a config change");
        Assert.Equal(HttpStatusCode.BadRequest, bot.StatusCode);
    }

    private Task<HttpResponseMessage> Put(string path, string markdown) =>
        _room.Client.PutAsync(new Uri(path, UriKind.Relative), new StringContent(markdown, System.Text.Encoding.UTF8, "text/markdown"));
}
