using System.Security.Claims;
using System.Text;

namespace IncidentBot.Hosting;

/// <summary>
/// A signed-in person's name as the bot writes people: letters, digits, '.', '-' and '_', at most 80
/// characters, the rule every command's actor follows (see the command API). Taken from the configured
/// claim, then <c>preferred_username</c>, <c>name</c>, <c>sub</c>: the part of an address before its '@'
/// (alice@example.com is alice), every other character made a '.' (Alice Smith is Alice.Smith).
/// </summary>
public static class WebUserName
{
    /// <summary>The claim the session keeps the name in.</summary>
    public const string ClaimType = "incidentbot_name";

    public const int MaxLength = 80;

    public static string? From(ClaimsPrincipal principal, string nameClaim)
    {
        ArgumentNullException.ThrowIfNull(principal);
        foreach (var type in new[] { nameClaim, "preferred_username", "name", "sub" }.Distinct(StringComparer.Ordinal))
        {
            if (Fit(principal.FindFirst(type)?.Value) is { } name)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The value as a bot name, or null when nothing of it is left.</summary>
    public static string? Fit(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        var local = at > 0 ? value[..at] : value;
        var name = new StringBuilder(Math.Min(local.Length, MaxLength));
        foreach (var c in local)
        {
            var kept = char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '.';
            if (kept != '.' || (name.Length > 0 && name[^1] != '.'))
            {
                name.Append(kept);
            }

            if (name.Length == MaxLength)
            {
                break;
            }
        }

        var fitted = name.ToString().Trim('.');
        return fitted.Length == 0 ? null : fitted;
    }
}
