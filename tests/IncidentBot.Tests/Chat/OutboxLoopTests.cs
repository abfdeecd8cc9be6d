using IncidentBot.Chat;
using IncidentBot.Tests.Slack;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Tests.Chat;

/// <summary>Nothing sits at the head of a queue for good: what cannot be delivered is dropped, and the log says why.</summary>
public sealed class OutboxLoopTests : IAsyncLifetime
{
    private readonly RecordingLogs _logs = new();
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;

    /// <summary>A platform whose every message waits for another that never comes.</summary>
    private sealed class Stuck : IOutboxDelivery
    {
        public int Tries;

        public string Platform => "stuck";

        public DeliveryPacing Pacing { get; } = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));

        public Task<DeliveryOutcome> DeliverAsync(OutboxItem item, string action, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Tries);
            return Task.FromResult(DeliveryOutcome.Wait("its room is still being opened"));
        }
    }

    /// <summary>A platform whose delivery throws: a bug in the bot, not the platform saying no.</summary>
    private sealed class Failing : IOutboxDelivery
    {
        public int Tries;

        public string Platform => "failing";

        public DeliveryPacing Pacing { get; } = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40));

        public Task<DeliveryOutcome> DeliverAsync(OutboxItem item, string action, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Tries);
            throw new InvalidOperationException("a bug");
        }
    }

    public async Task InitializeAsync() => _slack = await SlackHarness.StartAsync(_database, services =>
    {
        services.AddSingleton<IOutboxDelivery, Stuck>();
        services.AddSingleton<IOutboxDelivery, Failing>();
        services.AddSingleton<ILoggerProvider>(_logs);
    }, ("Chat:NotReadyLimitMinutes", "0.005"));

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    private Task EnqueueAsync(string kind, string queue) =>
        _slack.Bot.Services.GetRequiredService<IOutboxStore>().EnqueueAsync([new OutboxMessage(queue, kind, """{"incident":"INC-0001"}""")], CancellationToken.None);

    [Fact]
    public async Task A_message_that_waits_too_long_is_dropped_with_the_reason_and_its_queue_moves_on()
    {
        await EnqueueAsync("stuck.card", "stuck.card:INC-0001");
        await EnqueueAsync("stuck.card", "stuck.card:INC-0001");
        await _slack.QuietAsync("both stuck messages dropped");

        var stuck = (Stuck)_slack.Bot.Services.GetServices<IOutboxDelivery>().Single(d => d.Platform == "stuck");
        Assert.True(stuck.Tries >= 2, $"{stuck.Tries} tries"); // tried, found waiting, tried again, then dropped
        Assert.Equal(2, _logs.Lines.Count(l => l.Level == LogLevel.Error && l.Message.Contains("(Chat__NotReadyLimitMinutes is 0.005): its room is still being opened", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_message_for_a_platform_this_bot_does_not_have_waits_for_it_and_the_log_says_so()
    {
        await EnqueueAsync("teams.post", "teams:INC-0001");
        await SlackHarness.EventuallyAsync(() => _logs.Lines.Any(l => l.Level == LogLevel.Warning && l.Message.Contains("this bot has no teams settings", StringComparison.Ordinal)), "the warning");

        // The warning is logged as the wait is decided; the reason is stored with the message just after.
        var store = _slack.Bot.Services.GetRequiredService<IOutboxStore>();
        await SlackHarness.EventuallyAsync(async () => (await store.DepthAsync(CancellationToken.None)).OldestError?.Contains("not configured", StringComparison.Ordinal) == true, "the reason stored with the message");
        var depth = await store.DepthAsync(CancellationToken.None);
        Assert.Equal((1, "teams.post"), (depth.Depth, depth.OldestKind));
    }

    [Fact]
    public async Task A_message_that_keeps_making_the_bot_fail_is_dropped_after_a_few_tries()
    {
        await EnqueueAsync("failing.card", "failing.card:INC-0001");
        await _slack.QuietAsync();
        var failing = (Failing)_slack.Bot.Services.GetServices<IOutboxDelivery>().Single(d => d.Platform == "failing");
        Assert.Equal(OutboxLoop.MaxFailures, failing.Tries);
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains($"failed {OutboxLoop.MaxFailures} times in a row", StringComparison.Ordinal));
    }
}
