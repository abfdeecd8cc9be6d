namespace IncidentBot.Chat.Slack;

/// <summary>
/// Slack user ids and the handles the bot records people by (the people directory's Slack part),
/// learnt from every payload that carries both and from <c>users.info</c> when only an id is known.
/// </summary>
public sealed class SlackDirectory(PeopleDirectory people, SlackApi api)
{
    /// <summary>The bot's own user id, from the Events API's authorizations or auth.test.</summary>
    public string? BotUser { get; set; }

    public ValueTask LearnAsync(string? id, string? name, CancellationToken cancellationToken) =>
        people.LearnAsync(SlackPlatform.Name, id, name, cancellationToken);

    public string? NameOf(string id) => people.HandleOf(SlackPlatform.Name, id);

    public string? IdOf(string name) => people.IdOf(SlackPlatform.Name, name);

    /// <summary>The handle to record someone by: known to the bot, else their Slack username, else their id.</summary>
    public async Task<string> NameAsync(string user, CancellationToken cancellationToken)
    {
        if (await people.FindHandleAsync(SlackPlatform.Name, user, cancellationToken) is { } known)
        {
            return known;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            var info = await api.CallAsync("users.info", new Dictionary<string, object?> { ["user"] = user }, timeout.Token);
            var name = info["user"]?["name"]?.GetValue<string>();
            await LearnAsync(user, name, cancellationToken);
            return name ?? user;
        }
        catch (Exception ex) when (ex is SlackApiException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return user; // recorded by id rather than late: Slack waits three seconds at most
        }
    }
}
