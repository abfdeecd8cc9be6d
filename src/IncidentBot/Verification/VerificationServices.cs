using IncidentBot.Aws;
using IncidentBot.Workflows.Incidents;
using Microsoft.Extensions.Options;

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
        builder.Services.AddSingleton<Hosting.IRemoteChangeObserver>(sp => sp.GetRequiredService<MetricWatcher>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MetricWatcher>());
        return builder;
    }

    /// <summary>Says at start-up whether verification checks can be read, and where.</summary>
    public static void ReportVerification(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var aws = app.Services.GetRequiredService<IOptions<AwsOptions>>().Value;
        if (aws.EffectiveRegion is not { } region)
        {
            app.Logger.LogInformation("CloudWatch: off, verification is by hand (set AWS__Region, and credentials through the standard AWS chain, to read verification checks)");
            return;
        }

        app.Logger.LogInformation("CloudWatch: {Region} at {Endpoint}; checks read every {Interval} s while verifying",
            region, aws.ServiceUrl is { Length: > 0 } url ? url : $"https://monitoring.{region}.amazonaws.com/", app.Services.GetRequiredService<IOptions<VerificationOptions>>().Value.IntervalSeconds);
    }
}
