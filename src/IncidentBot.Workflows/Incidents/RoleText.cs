using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Incidents;

public static class RoleText
{
    public static string Name(this Role role) => role switch
    {
        Role.Commander => "commander",
        Role.Communications => "comms",
        Role.Scribe => "scribe",
        Role.Investigator => "investigator",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>
    /// The role as a chat line shows it, in the bot's language: the command spelling in English
    /// (<c>comms</c>), 「連絡担当」 etc. in Japanese. <see cref="Name"/> stays the API and command spelling.
    /// </summary>
    public static string Label(this Role role) => role switch
    {
        Role.Commander => Say.T("commander", "インシデントコマンダー"),
        Role.Communications => Say.T("comms", "連絡担当"),
        Role.Scribe => Say.T("scribe", "記録担当"),
        Role.Investigator => Say.T("investigator", "調査担当"),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? text, out Role role)
    {
        role = default;
        switch (text?.ToLowerInvariant())
        {
            case "commander" or "ic" or "lead":
                role = Role.Commander;
                return true;
            case "comms" or "communications" or "communication" or "comm":
                role = Role.Communications;
                return true;
            case "scribe" or "notes":
                role = Role.Scribe;
                return true;
            case "investigator" or "investigators" or "inv":
                role = Role.Investigator;
                return true;
            default:
                return false;
        }
    }
}
