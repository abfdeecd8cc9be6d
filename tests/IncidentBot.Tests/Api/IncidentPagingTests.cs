using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Api;

/// <summary><c>GET /api/incidents</c> a page at a time: the total in X-Total-Count, the next page in Link, until none.</summary>
public sealed class IncidentPagingTests : IDisposable
{
    private readonly BotFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Following_Link_walks_every_incident_once_newest_first_and_a_bad_page_is_a_400()
    {
        var room = new ChatRoom(_factory.CreateClient());
        for (var i = 1; i <= 5; i++)
        {
            await room.Say($"/incident start incident {i}", $"user{i}").ExpectOk();
        }

        var seen = new List<string>();
        var next = "/api/incidents?limit=2";
        var pages = 0;
        while (next is not null)
        {
            using var response = await room.Client.GetAsync(new Uri(next, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("5", response.Headers.GetValues("X-Total-Count").Single());
            var items = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.InRange(items.GetArrayLength(), 1, 2);
            seen.AddRange(items.EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            next = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split('<', '>')[1] : null;
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(["INC-0005", "INC-0004", "INC-0003", "INC-0002", "INC-0001"], seen);
        Assert.Equal(5, (await room.GetJsonAsync("/api/incidents")).GetArrayLength()); // without limit: 100 at a time
        foreach (var bad in new[] { "?limit=0", "?limit=501", "?limit=ten", "?cursor=-3", "?cursor=abc" })
        {
            using var refused = await room.Client.GetAsync(new Uri("/api/incidents" + bad, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }
}
