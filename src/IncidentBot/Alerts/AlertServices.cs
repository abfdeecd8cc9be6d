namespace IncidentBot.Alerts;

public static class AlertServices
{
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AlertOptions>().Bind(builder.Configuration.GetSection("Alerts"))
            .Validate(o => o.WindowMinutes > 0, "Alerts:WindowMinutes must be a positive number of minutes.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceLabel), "Alerts:ServiceLabel names a label, e.g. service.")
            .Validate(o => o.Severity.Values.All(v => v.Trim().ToLowerInvariant() is "sev1" or "sev2" or "sev3" or "sev4" or "none"), "Alerts:Severity:<label value> is sev1, sev2, sev3, sev4 or none.")
            .Validate(o => o.Heartbeat.TimeoutMinutes > 0, "Alerts:Heartbeat:TimeoutMinutes must be more than 0.")
            .ValidateOnStart();
        builder.Services.AddHttpClient("sns");
        builder.Services.AddSingleton<SnsVerifier>();
        builder.Services.AddSingleton<SnsMessageLog>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AlertOptions>>().Value;
            return new Workflows.Alerts.AlertRules
            {
                GroupBy = Workflows.Alerts.AlertRules.ParseGroupBy(options.GroupBy),
                Window = TimeSpan.FromMinutes(options.WindowMinutes),
                ServiceLabel = options.ServiceLabel,
                Severities = Workflows.Alerts.AlertRules.ParseSeverities(options.Severity),
            };
        });
        builder.Services.AddSingleton<AlertRefusals>();
        builder.Services.AddSingleton<Hosting.RefusalLog>(sp => sp.GetRequiredService<AlertRefusals>());
        builder.Services.AddSingleton<AlertIntake>();
        builder.Services.AddSingleton<HeartbeatMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HeartbeatMonitor>());
        return builder;
    }
}
