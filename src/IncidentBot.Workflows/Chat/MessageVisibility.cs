namespace IncidentBot.Workflows.Chat;

public enum MessageVisibility
{
    /// <summary>The room sees it: changes everyone should know about.</summary>
    InChannel,

    /// <summary>Only the person who typed the command sees it: help, refusals, lookups.</summary>
    Ephemeral,
}
