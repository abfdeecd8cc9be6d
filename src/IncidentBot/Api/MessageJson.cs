using IncidentBot.Workflows.Chat;

namespace IncidentBot.Api;

/// <summary>A bot message as the JSON API and the war room page read it.</summary>
public sealed record MessageJson(
    bool Ok,
    string? Incident,
    string Visibility,
    string? Header,
    string Text,
    IReadOnlyList<MessageField> Fields,
    IReadOnlyList<ButtonJson> Buttons,
    IReadOnlyList<string> Context,
    IReadOnlyList<ChatLink> Links)
{
    /// <summary>The web room the exchange was kept in (only the web API's answers carry it).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Room { get; init; }

    public static MessageJson From(BotMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(
            message.Ok,
            message.Incident?.ToString(),
            message.Visibility == MessageVisibility.Ephemeral ? "ephemeral" : "in_channel",
            message.Header,
            message.Text,
            message.Fields,
            [.. message.Buttons.Select(b => new ButtonJson(b.Label, b.Command, b.Style.ToString().ToLowerInvariant(), b.NeedsInput))],
            message.Context,
            message.Links);
    }
}

public sealed record ButtonJson(string Label, string Command, string Style, bool NeedsInput);
