namespace IncidentBot.Workflows.Chat;

public sealed record MessageField(string Title, string Value)
{
    /// <summary>The value is a command or output to copy exactly: shown in monospace, never rewrapped mid-token.</summary>
    public bool Code { get; init; }
}
