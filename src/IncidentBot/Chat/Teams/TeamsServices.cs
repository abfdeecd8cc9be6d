using IncidentBot.Hosting;
using IncidentBot.Workflows.Language;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Teams;

public static class TeamsServices
{
    /// <summary>
    /// The Teams bot. <c>/api/messages</c> always exists (and refuses everything without
    /// <c>Teams__AppId</c>); the outbox delivers to Teams when the app can sign in, or to a connector on
    /// this machine in local mode (Microsoft 365 Agents Playground).
    /// </summary>
    public static WebApplicationBuilder AddTeams(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection("Teams");
        builder.Services.AddOptions<TeamsOptions>().Bind(section)
            .Validate(o => o.RoomMode is "thread" or "channel", "Teams:RoomMode is thread (a thread per incident in Teams:IncidentsChannel) or channel (a channel per incident in Teams:TeamId).")
            .Validate(o => o.ServiceUrl.IsAbsoluteUri && o.OpenIdMetadataUrl.IsAbsoluteUri && o.GraphUrl.IsAbsoluteUri, "Teams:ServiceUrl, Teams:OpenIdMetadataUrl and Teams:GraphUrl must be absolute URLs.")
            .Validate(o => o.LoginUrl is null || o.LoginUrl.IsAbsoluteUri, "Teams:LoginUrl must be an absolute URL.")
            .Validate(o => o.PublicUrl is null || o.PublicUrl.IsAbsoluteUri, "Teams:PublicUrl must be an absolute URL, e.g. https://incidents.example.com/.")
            .Validate(o => o.CardRefreshSeconds >= 0 && o.RetryBaseSeconds > 0 && o.RetryMaxSeconds >= o.RetryBaseSeconds, "Teams:RetryBaseSeconds must be more than 0 and at most Teams:RetryMaxSeconds.")
            .ValidateOnStart();

        var options = section.Get<TeamsOptions>() ?? new TeamsOptions();
        builder.Services.AddTransient(_ => new LoginRedirect(options.LoginUrl));
        builder.Services.AddHttpClient("teams-login").AddHttpMessageHandler<LoginRedirect>();
        builder.Services.AddHttpClient("teams-auth");
        builder.Services.AddHttpClient("teams-connector", c => c.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHttpClient("teams-graph", c => c.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<TeamsAuthenticator>();
        builder.Services.AddSingleton<TeamsRefusals>();
        builder.Services.AddSingleton<Hosting.RefusalLog>(sp => sp.GetRequiredService<TeamsRefusals>());
        builder.Services.AddSingleton<TeamsTokens>();
        builder.Services.AddSingleton<TeamsDirectory>();
        builder.Services.AddSingleton<TeamsCommands>();
        builder.Services.AddSingleton<TeamsInbound>();
        builder.Services.AddSingleton<TeamsWarRooms>();

        if (options.Enabled)
        {
            builder.Services.AddSingleton(sp =>
            {
                using var language = Say.Use(sp.GetRequiredService<IOptions<BotOptions>>().Value.Locale);
                return TeamsPlatform.Describe(options);
            });
            builder.Services.AddSingleton(sp => new TeamsConnector(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient("teams-connector"),
                sp.GetRequiredService<TeamsTokens>(),
                sp.GetRequiredService<IOptions<TeamsOptions>>(),
                sp.GetRequiredService<ILogger<TeamsConnector>>()));
            builder.Services.AddSingleton(sp => new TeamsGraph(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient("teams-graph"),
                sp.GetRequiredService<TeamsTokens>(),
                sp.GetRequiredService<IOptions<TeamsOptions>>()));
            builder.Services.AddSingleton<TeamsViews>();
            builder.Services.AddSingleton<TeamsRooms>();
            builder.Services.AddSingleton<TeamsPosts>();
            builder.Services.AddSingleton<TeamsRefresh>();
            builder.Services.AddSingleton<IOutboxDelivery, TeamsDelivery>();
        }

        return builder;
    }

    /// <summary>Says at start-up what the Teams bot can and cannot do with the settings it has.</summary>
    public static void ReportTeams(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var o = app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        if (!o.Enabled)
        {
            app.Logger.LogInformation("Teams: off (set Teams__AppId, Teams__AppPassword and Teams__IncidentsChannel; see README, Microsoft Teams)");
            return;
        }

        if (o.AllowLocalUnauthenticated)
        {
            app.Logger.LogWarning("Teams: LOCAL MODE: activities from this machine are accepted WITHOUT a token (Teams__AllowLocalUnauthenticated). Never run like this where anyone else can reach the bot.");
        }

        if (string.IsNullOrEmpty(o.AppId))
        {
            app.Logger.LogWarning("Teams: Teams__AppId is not set: only this machine's Agents Playground can talk to the bot");
        }
        else if (string.IsNullOrEmpty(o.AppPassword))
        {
            app.Logger.LogWarning("Teams: Teams__AppPassword is not set, so the bot cannot sign in to post in Teams; set it to the app's client secret");
        }

        if (o.ChannelMode && string.IsNullOrEmpty(o.TeamId))
        {
            app.Logger.LogWarning("Teams: channel mode needs Teams__TeamId (the team's group id) to create a channel per incident; war rooms open elsewhere until it is set");
        }
        else if (o.ChannelMode && string.IsNullOrEmpty(o.TenantId) && !string.IsNullOrEmpty(o.AppId))
        {
            app.Logger.LogWarning("Teams: channel mode needs Teams__TenantId: Graph only gives the bot a token from your own tenant, so no channel can be created until it is set");
        }
        else if (!o.ChannelMode && string.IsNullOrEmpty(o.IncidentsChannel))
        {
            app.Logger.LogWarning("Teams: Teams__IncidentsChannel is not set, so incidents get no thread in Teams; commands still answer");
        }

        app.Logger.LogInformation("Teams: {Mode} mode, {Tenancy}, connector at {Service}", o.ChannelMode ? "channel" : "thread",
            string.IsNullOrEmpty(o.TenantId) ? "multi-tenant" : "single-tenant", o.ServiceUrl);
    }

    /// <summary>Sends MSAL's requests for login.microsoftonline.com to <c>Teams__LoginUrl</c> instead (the tests' token service); passes them on when unset.</summary>
    private sealed class LoginRedirect(Uri? target) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (target is not null && request.RequestUri is { Host: "login.microsoftonline.com" } uri)
            {
                request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
