using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Api;

public sealed class ApiTokenTests : IDisposable
{
    private readonly BotFactory _factory = new(("Api:Token", "s3cret-token"));

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("s3cret-token-but-longer")]
    public async Task RequestWithoutTheToken_IsRefused_AndChangesNothing(string? bearer)
    {
        using var client = _factory.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var post = await client.PostAsJsonAsync("/api/commands", new { text = "/incident start db down", user = "mallory" });
        using var list = await client.GetAsync(new Uri("/api/incidents", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.DoesNotContain("s3cret", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token");
        Assert.Equal("[]", await client.GetStringAsync(new Uri("/api/incidents", UriKind.Relative)));
    }

    [Fact]
    public async Task RequestWithTheToken_IsServed_AndProbesNeedNone()
    {
        using var client = _factory.CreateClient();
        using var health = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token");

        await new ChatRoom(client).Say("/incident start db down").ExpectReply("INC-0001");
        // In a query string the token opens only the event stream (a browser's EventSource cannot set a header).
        using var byQuery = await _factory.CreateClient().GetAsync(new Uri("/api/incidents/INC-0001?access_token=s3cret-token", UriKind.Relative));
        using var stream = await _factory.CreateClient().GetAsync(new Uri("/api/changes?access_token=s3cret-token", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
    }
}
