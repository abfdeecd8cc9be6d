namespace IncidentBot.Workflows.Chat;

/// <summary>
/// A link the bot itself offers (an alert's source, its runbook, where to silence it). Links travel
/// beside the text, never inside it, so nothing anyone typed can pass for one of the bot's links.
/// </summary>
/// <param name="Url">An http or https address.</param>
public sealed record ChatLink(string Title, string Url)
{
    /// <summary>True for an http or https address, the only kind the bot links to.</summary>
    public static bool IsWeb(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
