namespace IncidentBot.Chat.Teams;

/// <summary>The <c>Teams</c> configuration section (protocols §B).</summary>
public sealed class TeamsOptions
{
    /// <summary>The bot's Microsoft App ID: the audience of every inbound token. Without it every Teams request is refused.</summary>
    public string? AppId { get; set; }

    /// <summary>The app's client secret, for the outbound token.</summary>
    public string? AppPassword { get; set; }

    /// <summary>A single-tenant app's tenant: its token comes from that tenant, and activities from other tenants are refused.</summary>
    public string? TenantId { get; set; }

    /// <summary><c>thread</c> (a thread per incident in <see cref="IncidentsChannel"/>) or <c>channel</c> (a channel per incident in <see cref="TeamId"/>, through Graph).</summary>
    public string RoomMode { get; set; } = "thread";

    /// <summary>The channel (<c>19:…@thread.tacv2</c>) where incidents are announced and, in thread mode, get their threads.</summary>
    public string? IncidentsChannel { get; set; }

    /// <summary>The team's group id (a GUID) where channel mode creates a channel per incident.</summary>
    public string? TeamId { get; set; }

    /// <summary>Where the Bot Connector is when no activity has said (its answers carry the service URL to use).</summary>
    public Uri ServiceUrl { get; set; } = new("https://smba.trafficmanager.net/teams/");

    /// <summary>The Bot Framework's OpenID metadata, for the keys inbound tokens are signed with.</summary>
    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    /// <summary>Where requests for login.microsoftonline.com go instead (the tests' token service on loopback); unset in production.</summary>
    public Uri? LoginUrl { get; set; }

    public Uri GraphUrl { get; set; } = new("https://graph.microsoft.com/");

    /// <summary>The bot's public address, for the incident page's link on cards.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>
    /// Accept unauthenticated activities from loopback callers (Microsoft 365 Agents Playground on this
    /// machine sends no token). Never for anything but a developer's own machine.
    /// </summary>
    public bool AllowLocalUnauthenticated { get; set; }

    /// <summary>Least time between two refreshes of one incident's cards: a busy incident's changes pile up into one update.</summary>
    public double CardRefreshSeconds { get; set; } = 1;

    public double RetryBaseSeconds { get; set; } = 1;

    public double RetryMaxSeconds { get; set; } = 60;

    /// <summary>The bot talks to Teams: it has an app id, or takes the local Playground's activities.</summary>
    public bool Enabled => !string.IsNullOrEmpty(AppId) || AllowLocalUnauthenticated;

    public bool ChannelMode => string.Equals(RoomMode, "channel", StringComparison.OrdinalIgnoreCase);
}
