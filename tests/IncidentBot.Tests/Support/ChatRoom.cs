using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentBot.Tests.Support;

/// <summary>
/// The war room over HTTP, as a script reads it:
/// <c>await room.Say("/incident start db down sev2").ExpectReply("INC-0001")</c>.
/// </summary>
public sealed class ChatRoom(HttpClient client, string channel = "war-room")
{
    public HttpClient Client => client;

    public Turn Say(string text, string user = "alice") =>
        new(client.PostAsJsonAsync("/api/commands", new { text, user, channel }));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public sealed class Turn(Task<HttpResponseMessage> send)
    {
        /// <summary>The answer, accepted or refused (an HTTP 200 either way).</summary>
        public Task<JsonElement> Reply() => ReplyAsync();

        private async Task<JsonElement> ReplyAsync()
        {
            using var response = await send;
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        public async Task<JsonElement> ExpectReply(string contains)
        {
            var reply = await ReplyAsync();
            var text = reply.GetProperty("header").ToString() + "\n" + reply.GetProperty("text").GetString();
            Assert.True(text.Contains(contains, StringComparison.Ordinal), $"Expected \"{contains}\" in the reply, got:\n{text}");
            return reply;
        }

        public async Task<JsonElement> ExpectOk()
        {
            var reply = await ReplyAsync();
            Assert.True(reply.GetProperty("ok").GetBoolean(), reply.GetProperty("text").GetString());
            return reply;
        }

        public async Task<JsonElement> ExpectRefusal(string contains)
        {
            var reply = await ReplyAsync();
            Assert.False(reply.GetProperty("ok").GetBoolean(), "Expected a refusal, got: " + reply.GetProperty("text").GetString());
            Assert.Contains(contains, reply.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Equal("ephemeral", reply.GetProperty("visibility").GetString());
            return reply;
        }
    }
}
