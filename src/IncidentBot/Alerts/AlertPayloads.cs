using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Alerts;

/// <summary>
/// Reads each source's wire format (protocols §C3, §D) into <see cref="Alert"/>s. Unknown fields are
/// ignored; a payload that is not the expected shape throws <see cref="FormatException"/> saying what
/// is wrong, which the endpoints answer with 400.
/// </summary>
public static partial class AlertPayloads
{
    /// <summary>
    /// Alertmanager's webhook (version 4), or Grafana's (version 1, with its extra links). The delivery
    /// says how many alerts <c>max_alerts</c> left out (<c>truncatedAlerts</c>); each alert gets a link to
    /// silence exactly it, on the sender's <c>externalURL</c>.
    /// </summary>
    public static AlertBatch Alertmanager(JsonObject body, string source)
    {
        ArgumentNullException.ThrowIfNull(body);
        var version = body["version"]?.ToString();
        var expected = source == "grafana" ? "1" : "4";
        if (version is not null && version != expected)
        {
            throw new FormatException($"This is a version {version} webhook; the bot reads {source} webhook version {expected}.");
        }

        if (body["alerts"] is not JsonArray alerts)
        {
            throw new FormatException("\"alerts\" must be an array of alerts.");
        }

        var external = Text(body, "externalURL") is { } url && IsWebLink(url) ? url : null;
        var groupKey = Text(body, "groupKey");
        var listed = alerts.Select((node, i) =>
        {
            if (node is not JsonObject alert)
            {
                throw new FormatException($"alerts[{i}] is not an object.");
            }

            var labels = Map(alert["labels"]);
            var name = labels.GetValueOrDefault("alertname") ?? Text(body, "title") ?? throw new FormatException($"alerts[{i}] has no alertname label.");
            var links = new[] { Text(alert, "generatorURL"), Text(alert, "dashboardURL"), Text(alert, "panelURL") }
                .OfType<string>().Where(IsWebLink).ToList();
            if (links.Count == 0 && external is not null)
            {
                links.Add(external);
            }

            return new Alert
            {
                Source = source,
                Fingerprint = Text(alert, "fingerprint") ?? Fingerprint(labels),
                Status = Status(Text(alert, "status") ?? Text(body, "status"), i),
                Name = name,
                Labels = labels,
                Annotations = Map(alert["annotations"]),
                StartsAt = Time(Text(alert, "startsAt"), $"alerts[{i}].startsAt") ?? throw new FormatException($"alerts[{i}] has no startsAt."),
                EndsAt = Time(Text(alert, "endsAt"), $"alerts[{i}].endsAt") is { Year: > 1 } ends ? ends : null,
                Links = links,
                SenderUrl = external,
                GivenSilenceUrl = Text(alert, "silenceURL") is { } silence && IsWebLink(silence) ? silence : null,
                GroupKey = groupKey,
            };
        }).ToList();

        var truncated = body["truncatedAlerts"] is JsonValue value && value.TryGetValue<int>(out var count) ? Math.Max(0, count) : 0;
        return new AlertBatch(listed) { Unlisted = truncated, Group = groupKey ?? "" };
    }

    /// <summary>
    /// The generic shape: <c>{"alerts": [{"name", "status", "fingerprint"?, "labels"?, "annotations"?,
    /// "startsAt"?, "endsAt"?, "links"?}]}</c>, or one such alert on its own.
    /// </summary>
    public static IReadOnlyList<Alert> Generic(JsonObject body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(body);
        var items = body["alerts"] is JsonArray list ? list : body.ContainsKey("name") ? new JsonArray(body.DeepClone()) : throw new FormatException("Send {\"alerts\": [{\"name\": \"...\", \"status\": \"firing\"}]} or one alert object with a \"name\".");
        return [.. items.Select((node, i) =>
        {
            if (node is not JsonObject alert || Text(alert, "name") is not { Length: > 0 } name)
            {
                throw new FormatException($"alerts[{i}] needs a \"name\".");
            }

            var labels = Map(alert["labels"]);
            return new Alert
            {
                Source = "generic",
                Fingerprint = Text(alert, "fingerprint") ?? Fingerprint(new SortedDictionary<string, string>(labels, StringComparer.Ordinal) { ["alertname"] = name }),
                Status = Status(Text(alert, "status") ?? "firing", i),
                Name = name,
                Labels = labels,
                Annotations = Map(alert["annotations"]),
                StartsAt = Time(Text(alert, "startsAt"), $"alerts[{i}].startsAt") ?? now,
                EndsAt = Time(Text(alert, "endsAt"), $"alerts[{i}].endsAt"),
                Links = alert["links"] is JsonArray links ? [.. links.Select(l => l?.ToString()).OfType<string>().Where(IsWebLink)] : [],
            };
        })];
    }

    private static AlertStatus Status(string? text, int index) => text?.ToLowerInvariant() switch
    {
        "firing" or "alerting" or "alarm" => AlertStatus.Firing,
        "resolved" or "ok" => AlertStatus.Resolved,
        _ => throw new FormatException($"alerts[{index}].status is '{text}'; it is firing or resolved."),
    };

    /// <summary>RFC 3339 times, and CloudWatch's <c>2015-06-03T17:43:27.123+0000</c>; nanoseconds are cut to what .NET keeps.</summary>
    internal static DateTimeOffset? Time(string? text, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var fixedUp = text;
        if (fixedUp.Length > 5 && fixedUp[^5] is '+' or '-' && char.IsDigit(fixedUp[^1]) && fixedUp[^3] != ':')
        {
            fixedUp = fixedUp[..^2] + ":" + fixedUp[^2..];
        }

        var dot = fixedUp.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < fixedUp.Length && char.IsDigit(fixedUp[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                fixedUp = fixedUp[..(dot + 8)] + fixedUp[end..];
            }
        }

        return DateTimeOffset.TryParse(fixedUp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw new FormatException($"{field} '{text}' is not a time (RFC 3339, e.g. 2026-01-22T12:00:00Z).");
    }

    private static string? Text(JsonObject? node, string key) =>
        node?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static Dictionary<string, string> Map(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node as JsonObject ?? [])
        {
            if (value is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            {
                map[key] = v.ToString();
            }
        }

        return map;
    }

    private static bool IsWebLink(string link) => link.StartsWith("https://", StringComparison.Ordinal) || link.StartsWith("http://", StringComparison.Ordinal);

    /// <summary>A fingerprint from the labels when the source gives none: the same labels are the same alert.</summary>
    private static string Fingerprint(IDictionary<string, string> labels) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")))))[..16];
}
