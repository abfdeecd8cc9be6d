using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;

namespace IncidentBot.Workflows.Tests.Fakes;

/// <summary>
/// A war room for tests: <c>await room.Say("/incident start db down sev2").ExpectReply("INC-0001")</c>.
/// Commands go through the real dispatcher over a fake store and a manual clock.
/// </summary>
internal sealed class Room
{
    public static readonly DateTimeOffset Start = new(2026, 1, 22, 12, 0, 0, TimeSpan.FromHours(9));

    public Room(string channel = "war-room", string zone = "Asia/Tokyo", Workflows.Runbooks.RunbookLibrary? runbooks = null, bool readsMetrics = true, Workflows.Postmortems.PostmortemOptions? postmortems = null)
    {
        Channel = channel;
        Dispatcher = new CommandDispatcher(Store, Clock, TimeZoneInfo.FindSystemTimeZoneById(zone), [], runbooks, postmortems, readsMetrics: readsMetrics);
    }

    public FakeIncidentStore Store { get; } = new();
    public ManualClock Clock { get; } = new(Start);
    public CommandDispatcher Dispatcher { get; }
    public string Channel { get; }

    public Turn Say(string text, string user = "alice") => new(Dispatcher.HandleAsync(new CommandRequest(text, user, RoomAddress.Local(Channel)), CancellationToken.None));

    /// <summary>Plays several lines as one user, each expected to be accepted.</summary>
    public async Task PlayAsync(string user, params string[] lines)
    {
        foreach (var line in lines)
        {
            await Say(line, user).ExpectOk();
        }
    }

    /// <summary>
    /// Records a reading of check <paramref name="check"/> of INC-<paramref name="incident"/> as the
    /// metric watcher would: datapoints a minute apart ending now, evaluated by the real rules.
    /// </summary>
    public Task<BotMessage> ReadCheckAsync(int incident, int check, params double[] values)
    {
        var id = new Incidents.IncidentId(incident);
        var now = Clock.GetUtcNow();
        return Dispatcher.RecordAsync(id, null, state =>
        {
            var condition = state.Check(check)!.Condition;
            var points = values.Select((v, i) => new Workflows.Verification.MetricPoint(now - TimeSpan.FromMinutes(values.Length - 1 - i), v)).ToList();
            var (outcome, detail) = Workflows.Verification.CheckEvaluation.Evaluate(condition, points, now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
            return VerificationDecider.Reading(state, check, outcome, detail, points, now, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5));
        }, CancellationToken.None);
    }

    internal sealed class Turn(Task<BotMessage> reply)
    {
        public Task<BotMessage> Reply() => reply;

        public async Task<BotMessage> ExpectReply(string contains)
        {
            var message = await reply;
            var all = string.Join("\n", new[] { message.Header ?? "", message.Text }.Concat(message.Context).Concat(message.Fields.Select(f => f.Value)));
            Assert.True(all.Contains(contains, StringComparison.Ordinal), $"Expected the reply to contain \"{contains}\", got:\n{all}");
            return message;
        }

        public async Task<BotMessage> ExpectOk()
        {
            var message = await reply;
            Assert.True(message.Ok, $"Expected the command to be accepted, got: {message.Text}");
            return message;
        }

        public async Task<BotMessage> ExpectRefusal(string contains)
        {
            var message = await reply;
            Assert.False(message.Ok, $"Expected a refusal, got: {message.Text}");
            Assert.Contains(contains, message.Text, StringComparison.Ordinal);
            return message;
        }
    }
}
