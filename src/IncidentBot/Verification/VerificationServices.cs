using IncidentBot.Aws;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Verification;

public static class VerificationServices
{
    /// <summary>The CloudWatch client and the watcher that reads checks and keeps evidence.</summary>
    public static WebApplicationBuilder AddVerification(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AwsOptions>().Bind(builder.Configuration.GetSection("AWS"))
            .Validate(o => o.ServiceUrl is not { Length: > 0 } url || Uri.TryCreate(url, UriKind.Absolute, out _), "AWS:ServiceUrl must be an absolute URL.")
            .Validate(o => o.Region is not { Length: > 0 } region || Amazon.RegionEndpoint.GetBySystemName(region) is not null, "AWS:Region is not a region name.")
            .ValidateOnStart();
        builder.Services.AddOptions<VerificationOptions>().Bind(builder.Configuration.GetSection("Verification"))
            .Validate(o => o.IntervalSeconds > 0 && o.TimeoutMinutes > 0 && o.EvidenceMinutes > 0 && o.ChartMinutes > 0 && o.RefreshMinutes > 0, "Verification: IntervalSeconds, TimeoutMinutes, EvidenceMinutes, ChartMinutes and RefreshMinutes must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CloudWatchClient>();
        builder.Services.AddSingleton<MetricWatcher>();
        builder.Services.AddSingleton<IIncidentObserver>(sp => sp.GetRequiredService<MetricWatcher>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MetricWatcher>());
        return builder;
    }
}
