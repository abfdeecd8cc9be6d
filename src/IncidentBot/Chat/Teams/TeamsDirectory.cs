using System.Text;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// Teams users and the handles the bot records them by (the people directory's Teams part). Teams
/// gives display names ("Alice Smith"); a handle is one word people can type after @: the name with
/// spaces as dots (<c>alice.smith</c>), and when two people share one, the second gets a bit of their id.
/// </summary>
public sealed class TeamsDirectory(PeopleDirectory people)
{
    /// <summary>The handle of <paramref name="userId"/>, learning it from <paramref name="displayName"/> the first time.</summary>
    public async ValueTask<string> HandleAsync(string userId, string? displayName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (people.HandleOf(TeamsPlatform.Name, userId) is { } known)
        {
            return known;
        }

        if (await people.FindHandleAsync(TeamsPlatform.Name, userId, cancellationToken) is { } stored)
        {
            return stored;
        }

        var handle = Handle(displayName) ?? "teams-user";
        if (people.IdOf(TeamsPlatform.Name, handle) is { } other && other != userId)
        {
            handle = $"{handle}.{Tail(userId)}";
        }

        await people.LearnAsync(TeamsPlatform.Name, userId, handle, cancellationToken);
        return handle;
    }

    public string? IdOf(string handle) => people.IdOf(TeamsPlatform.Name, handle);

    public string? HandleOf(string userId) => people.HandleOf(TeamsPlatform.Name, userId);

    /// <summary>A display name as a handle: letters and digits kept (any script), runs of anything else one dot, lower case.</summary>
    public static string? Handle(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return null;
        }

        var handle = new StringBuilder();
        foreach (var c in displayName.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                handle.Append(c);
            }
            else if (handle.Length > 0 && handle[^1] != '.')
            {
                handle.Append('.');
            }
        }

        var text = handle.ToString().Trim('.');
        return text.Length == 0 ? null : text.Length <= 60 ? text : text[..60];
    }

    private static string Tail(string userId)
    {
        var letters = new string([.. userId.Where(char.IsLetterOrDigit)]);
        return letters.Length <= 4 ? letters.ToLowerInvariant() : letters[^4..].ToLowerInvariant();
    }
}
