namespace IncidentBot.Alerts;

public static class AlertServices
{
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AlertOptions>().Bind(builder.Configuration.GetSection("Alerts"))
            .Validate(o => o.WindowMinutes > 0, "Alerts:WindowMinutes must be a positive number of minutes.")
            .ValidateOnStart();
        builder.Services.AddHttpClient("sns");
        builder.Services.AddSingleton<SnsVerifier>();
        builder.Services.AddSingleton<SnsMessageLog>();
        builder.Services.AddSingleton<AlertIntake>();
        return builder;
    }
}
