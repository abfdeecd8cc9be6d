using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Api;

public sealed class MetricsApiTests : IDisposable
{
    private readonly BotFactory _factory = new();
    private readonly ChatRoom _room;

    public MetricsApiTests() => _room = new ChatRoom(_factory.CreateClient());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task IncidentMetrics_AndPrometheusText_CountWhatHappened()
    {
        await _room.Say("/incident start sev1 checkout down").ExpectOk();
        await _room.Say("/incident services checkout, payments").ExpectOk();
        await _room.Say("/incident role commander me").ExpectOk();
        await _room.Say("/incident recover").ExpectOk();
        await _room.Say("/incident start --triage sev3 disk filling", "bob").ExpectOk();

        var report = await _room.GetJsonAsync("/api/metrics/incidents");
        var text = await _room.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        using var bad = await _room.Client.GetAsync(new Uri("/api/metrics/incidents?from=yesterday", UriKind.Relative));

        Assert.Equal(2, report.GetProperty("incidents").GetInt32());
        Assert.Equal(1, report.GetProperty("bySeverity").GetProperty("SEV1").GetInt32());
        Assert.Equal(1, report.GetProperty("byService").GetProperty("payments").GetInt32());
        Assert.Equal(1, report.GetProperty("phases").GetProperty("acknowledge").GetProperty("count").GetInt32());
        Assert.Contains("incidentbot_incidents_open{phase=\"recovering\",severity=\"SEV1\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("incidentbot_incidents_open{phase=\"detected\",severity=\"SEV3\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("incidentbot_phase_duration_seconds_count{phase=\"acknowledge\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("incidentbot_http_requests_total{endpoint=\"/api/commands\",status=\"200\"} 5", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
