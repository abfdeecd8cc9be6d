using IncidentBot.Workflows.Incidents;
using Microsoft.Extensions.Options;

namespace IncidentBot.Tickets;

/// <summary>Action items filed in Jira Cloud or GitHub Issues when <c>Tickets__Provider</c> says so; nothing otherwise.</summary>
public static class TicketServices
{
    public static WebApplicationBuilder AddTickets(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TicketOptions>().Bind(builder.Configuration.GetSection("Tickets"))
            .Validate(o => o.Provider is null or "" or "github" or "jira", "Tickets:Provider is github or jira.")
            .Validate(o => o.Provider != "github" || (!string.IsNullOrEmpty(o.GitHub.Repository) && !string.IsNullOrEmpty(o.GitHub.Token)), "Tickets:Provider=github needs Tickets:GitHub:Repository (owner/name) and Tickets:GitHub:Token.")
            .Validate(o => o.Provider != "jira" || (o.Jira.BaseUrl is not null && !string.IsNullOrEmpty(o.Jira.Email) && !string.IsNullOrEmpty(o.Jira.ApiToken) && !string.IsNullOrEmpty(o.Jira.Project)),
                "Tickets:Provider=jira needs Tickets:Jira:BaseUrl, Email, ApiToken and Project.")
            .ValidateOnStart();
        var provider = builder.Configuration["Tickets:Provider"];
        if (string.IsNullOrEmpty(provider))
        {
            return builder;
        }

        builder.Services.AddHttpClient("tickets", c => c.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton<ITicketTracker>(sp =>
        {
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("tickets");
            var options = sp.GetRequiredService<IOptions<TicketOptions>>();
            return provider == "jira" ? new JiraTracker(http, options) : new GitHubTracker(http, options);
        });
        builder.Services.AddSingleton<TicketExporter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TicketExporter>());
        builder.Services.AddSingleton<IIncidentObserver>(sp => sp.GetRequiredService<TicketExporter>());
        builder.Services.AddSingleton<Hosting.IRemoteChangeObserver>(sp => sp.GetRequiredService<TicketExporter>());
        return builder;
    }
}
