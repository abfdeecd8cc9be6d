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

        var md = await _room.Client.GetStringAsync(new Uri("/api/incidents/INC-0001/postmortem?format=md", UriKind.Relative));
        using var html = await _room.Client.GetAsync(new Uri("/api/incidents/INC-0001/postmortem?format=html", UriKind.Relative));
        var json = await _room.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/incidents/INC-0001/postmortem?format=json", UriKind.Relative));
        using var bad = await _room.Client.GetAsync(new Uri("/api/incidents/INC-0001/postmortem?format=pdf", UriKind.Relative));

        Assert.StartsWith("# ポストモーテム: INC-0001 注文 DB に接続できない", md, StringComparison.Ordinal);
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

        Assert.Contains("Required", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
    }
}
