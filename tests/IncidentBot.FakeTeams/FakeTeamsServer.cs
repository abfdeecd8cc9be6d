using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentBot.FakeTeams;

/// <summary>One call the bot made to the fake, as it arrived, with the status it got.</summary>
public sealed record TeamsCall(string Method, string Path, string? Conversation, JsonObject? Body, DateTimeOffset At, int Status);

/// <summary>
/// Microsoft's side of a Teams bot on loopback, for tests and load runs: the Bot Framework's OpenID
/// metadata and endorsed signing keys (with tokens minted by <see cref="Keys"/>), the Microsoft
/// identity platform's token endpoint for client credentials, the Bot Connector (conversations,
/// threads, 1:1 chats, posts and updates, with Teams' per-conversation and per-tenant limits answered
/// by 429), and Graph's channel creation. It can be taken down (503), told to fail the next calls, or
/// made to refuse a conversation (403, 404).
/// </summary>
public sealed partial class FakeTeamsServer : IAsyncDisposable
{
    public const string AppId = "00000000-0000-4000-8000-00000000b07a";
    public const string AppPassword = "fake-client-secret";
    public const string Tenant = "11111111-2222-4333-8444-555555555555";
    public const string TeamId = "33333333-4444-4555-8666-777777777777";
    public const string BotId = "28:" + AppId;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TeamsCall> _calls = new();
    private readonly ConcurrentDictionary<string, FakeConversation> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _unexpected = new();
    private long _nextMessage = 1_759_944_781_000;
    private int _nextId;

    private FakeTeamsServer(WebApplication app) => _app = app;

    public FakeTeamsKeys Keys { get; } = new();

    /// <summary>The fake's root: serves as the service URL, the login URL, the Graph URL and the metadata's host.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public Uri ServiceUrl => new(BaseUrl, "teams/");

    public Uri OpenIdMetadataUrl => new(BaseUrl, "v1/.well-known/openidconfiguration");

    /// <summary>Every connector and Graph call, in the order they arrived.</summary>
    public IReadOnlyList<TeamsCall> Calls => [.. _calls];

    /// <summary>Requests the fake does not serve (a sign that the bot called something it should not).</summary>
    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    public IReadOnlyCollection<FakeConversation> Conversations => [.. _conversations.Values];

    /// <summary>While true every connector and Graph call answers 503.</summary>
    public bool Down { get; set; }

    /// <summary>Added to every connector call before it is answered.</summary>
    public TimeSpan Latency { get; set; }

    public static async Task<FakeTeamsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTeamsServer(app);
        fake.MapLogin(app);
        fake.MapConnector(app);
        fake.MapGraph(app);
        app.MapFallback((HttpContext context) =>
        {
            fake._unexpected.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            return Results.NotFound();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address + "/");
        return fake;
    }

    /// <summary>A channel the bot was installed in before the test (the incidents channel, say).</summary>
    public FakeConversation AddChannel(string name)
    {
        var channel = new FakeConversation($"19:{Interlocked.Increment(ref _nextId):x8}{Guid.NewGuid():N}@thread.tacv2", "channel", name);
        _conversations[channel.Id] = channel;
        return channel;
    }

    /// <summary>The 1:1 chat <paramref name="user"/> has with the bot (they installed the app for themselves).</summary>
    public FakeConversation AddChat(string user)
    {
        var chat = ChatWith(user) ?? new FakeConversation($"a:{Interlocked.Increment(ref _nextId):x8}{Guid.NewGuid():N}", "personal") { Member = user };
        _conversations[chat.Id] = chat;
        return chat;
    }

    public FakeConversation Conversation(string id) => _conversations[id];

    public FakeConversation? Find(string id) => _conversations.GetValueOrDefault(id);

    /// <summary>The channel named <paramref name="name"/> (made by Graph in channel mode).</summary>
    public FakeConversation? ChannelNamed(string name) => _conversations.Values.FirstOrDefault(c => c.Kind == "channel" && c.Name == name);

    /// <summary>The 1:1 chat with <paramref name="user"/>, once the bot opened one.</summary>
    public FakeConversation? ChatWith(string user) => _conversations.Values.FirstOrDefault(c => c.Kind == "personal" && c.Member == user);

    /// <summary>The thread whose first post is <paramref name="root"/> in <paramref name="channel"/>.</summary>
    public FakeConversation? Thread(FakeConversation channel, FakeTeamsMessage root) => Find($"{channel.Id};messageid={root.Id}");

    private string NextMessageId() => Interlocked.Increment(ref _nextMessage).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Keys.Dispose();
    }
}
