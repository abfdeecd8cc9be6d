namespace IncidentBot.Workflows.Chat;

/// <summary>
/// A button and the typed command it stands for, so anything a button does can also be typed.
/// A command with a <c>&lt;placeholder&gt;</c> needs the user to fill it in before it is sent.
/// </summary>
public sealed record ChatButton(string Label, string Command, ButtonStyle Style = ButtonStyle.Default)
{
    public bool NeedsInput => Command.Contains('<', StringComparison.Ordinal);
}
