using YamlDotNet.RepresentationModel;

namespace IncidentBot.Tests.Slack;

/// <summary>The manifests a team installs from ask for what the bot uses, and point at its endpoints.</summary>
public sealed class SlackManifestTests
{
    // What the code calls or listens to, and the scope each needs.
    private static readonly string[] Scopes =
    [
        "commands", "app_mentions:read", "channels:manage", "channels:history", "chat:write", "chat:write.public",
        "pins:read", "pins:write", "reactions:read", "bookmarks:write", "users:read",
    ];

    private static readonly string[] Events = ["app_mention", "message.channels", "reaction_added", "pin_added"];

    [Theory]
    [InlineData("manifest.yml", false)]
    [InlineData("manifest-socket.yml", true)]
    public void The_manifest_asks_for_every_scope_and_event_the_bot_uses(string file, bool socketMode)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot(), "slack", file)))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var scopes = Sequence(root, "oauth_config", "scopes", "bot");
        Assert.All(Scopes, s => Assert.Contains(s, scopes));
        Assert.All(Events, e => Assert.Contains(e, Sequence(root, "settings", "event_subscriptions", "bot_events")));
        var command = (YamlMappingNode)((YamlSequenceNode)Node(root, "features", "slash_commands")).Children[0];
        Assert.Equal("/incident", command["command"].ToString());
        Assert.Equal(socketMode ? "true" : "false", Node(root, "settings", "socket_mode_enabled").ToString());
        if (!socketMode)
        {
            Assert.EndsWith("/slack/commands", command["url"].ToString(), StringComparison.Ordinal);
            Assert.EndsWith("/slack/events", Node(root, "settings", "event_subscriptions", "request_url").ToString(), StringComparison.Ordinal);
            Assert.EndsWith("/slack/interactions", Node(root, "settings", "interactivity", "request_url").ToString(), StringComparison.Ordinal);
        }
    }

    private static YamlNode Node(YamlMappingNode root, params string[] path) =>
        path.Aggregate((YamlNode)root, (node, key) => ((YamlMappingNode)node)[key]);

    private static List<string> Sequence(YamlMappingNode root, params string[] path) =>
        [.. ((YamlSequenceNode)Node(root, path)).Children.Select(c => c.ToString())];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IncidentBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("IncidentBot.sln not found above the test's directory.");
    }
}
