using System.Collections.Concurrent;

namespace IncidentBot.Slack;

/// <summary>
/// Slack user ids and the names the bot records people by, learnt from every payload that carries
/// both (slash commands, button presses) and from <c>users.info</c> when only an id is known.
/// </summary>
public sealed class SlackDirectory
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The bot's own user id, from the Events API's authorizations or auth.test.</summary>
    public string? BotUser { get; set; }

    public void Learn(string? id, string? name)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name))
        {
            return;
        }

        _names[id] = name;
        _ids[name] = id;
    }

    public string? NameOf(string id) => _names.GetValueOrDefault(id);

    public string? IdOf(string name) => _ids.GetValueOrDefault(name.TrimStart('@'));
}
