namespace IncidentBot.Workflows.Chat;

public enum ButtonStyle
{
    Default,
    Primary,
    Danger,
}
