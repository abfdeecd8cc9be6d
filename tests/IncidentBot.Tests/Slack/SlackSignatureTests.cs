using System.Text;
using System.Text.Json;
using IncidentBot.Chat.Slack;

namespace IncidentBot.Tests.Slack;

public sealed class SlackSignatureTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "slack");

    private static (string Secret, string Timestamp, byte[] Body, string Expected) Vector()
    {
        using var vector = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "slack_signing_vector.json")));
        var root = vector.RootElement;
        var body = File.ReadAllText(Path.Combine(Fixtures, root.GetProperty("body_file").GetString()!)).TrimEnd('\n');
        return (root.GetProperty("signing_secret").GetString()!, root.GetProperty("x_slack_request_timestamp").GetString()!,
            Encoding.UTF8.GetBytes(body), root.GetProperty("expected_x_slack_signature").GetString()!);
    }

    [Fact]
    public void Slacks_worked_example_gives_its_signature()
    {
        var (secret, timestamp, body, expected) = Vector();
        Assert.Equal(expected, SlackSignature.Compute(secret, timestamp, body));
        Assert.Null(SlackSignature.Check(secret, timestamp, expected, body, DateTimeOffset.FromUnixTimeSeconds(1531420618 + 299)));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public void A_timestamp_more_than_five_minutes_away_either_way_is_refused(int skew)
    {
        var (secret, timestamp, body, expected) = Vector();
        Assert.NotNull(SlackSignature.Check(secret, timestamp, expected, body, DateTimeOffset.FromUnixTimeSeconds(1531420618 + skew)));
    }

    [Fact]
    public void A_changed_body_a_wrong_secret_or_missing_headers_are_refused()
    {
        var (secret, timestamp, body, expected) = Vector();
        var now = DateTimeOffset.FromUnixTimeSeconds(1531420618);
        var tampered = (byte[])body.Clone();
        tampered[^1] ^= 1;
        Assert.NotNull(SlackSignature.Check(secret, timestamp, expected, tampered, now));
        Assert.NotNull(SlackSignature.Check(secret + "x", timestamp, expected, body, now));
        Assert.NotNull(SlackSignature.Check(secret, timestamp, expected.ToUpperInvariant(), body, now));
        Assert.NotNull(SlackSignature.Check(secret, null, expected, body, now));
        Assert.NotNull(SlackSignature.Check(secret, timestamp, null, body, now));
        Assert.NotNull(SlackSignature.Check(secret, "not-a-number", expected, body, now));
    }
}
