using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Chat;

/// <summary>
/// What the bot says, in the chat-neutral shape every platform adapter translates: a header, text,
/// fields, buttons, a line of context and links.
/// </summary>
public sealed record BotMessage
{
    public required string Text { get; init; }
    public string? Header { get; init; }
    public IReadOnlyList<MessageField> Fields { get; init; } = [];
    public IReadOnlyList<ChatButton> Buttons { get; init; } = [];
    public IReadOnlyList<string> Context { get; init; } = [];

    /// <summary>Links the bot offers with the message (an alert's source, runbook, silence page).</summary>
    public IReadOnlyList<ChatLink> Links { get; init; } = [];
    public MessageVisibility Visibility { get; init; } = MessageVisibility.InChannel;

    /// <summary>False when the command was refused; the text then says why and what to type instead.</summary>
    public bool Ok { get; init; } = true;

    public IncidentId? Incident { get; init; }

    /// <summary>
    /// It only confirms what the typist just did, and the room already shows it (a note typed in the
    /// war room): a platform that cannot answer privately in place (Teams) may leave it unsaid rather
    /// than send a private message for every line.
    /// </summary>
    public bool Receipt { get; init; }

    /// <summary>The answer given the first time this delivery came (a platform's retry): whatever it caused was sent then.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Replayed { get; init; }

    /// <summary>The command's events were committed with this reply (and whatever was planned with it).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Recorded { get; init; }
}
