using System.Net.Http.Json;
using IncidentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IncidentBot.Tests.Storage;

/// <summary>The bot forgets delivery keys past the retention on its own clock: a retry within it is answered from memory, one after it is a new command.</summary>
public sealed class DeliveryPrunerTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Keys_older_than_the_retention_are_forgotten_by_the_hourly_sweep()
    {
        using var factory = new BotFactory(("Storage:Sqlite:Path", _database.Path), ("Storage:DeliveryRetentionHours", "2")) { TestServices = s => s.AddSingleton<TimeProvider>(_clock) };
        var client = factory.CreateClient();
        await new ChatRoom(client).Say("/incident start sev2 retried commands").ExpectOk();
        await NoteAsync(client, "key-1");
        await NoteAsync(client, "key-1"); // a retry within the retention: answered, not recorded again
        Assert.Equal(1, await NotesAsync(client));

        // An hour of the bot's clock at a time: the pruner wakes each hour and, past the two-hour retention,
        // forgets the key, so the same retry becomes a new command.
        await Eventually.HoldsAsync(async () =>
        {
            _clock.Advance(TimeSpan.FromHours(1));
            await NoteAsync(client, "key-1");
            return await NotesAsync(client) == 2;
        }, "the forgotten key to be taken as a new command");
        Assert.True(_clock.GetUtcNow() >= new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.Zero), "a key younger than the retention was forgotten");
    }

    private static async Task NoteAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/commands") { Content = JsonContent.Create(new { text = "/incident note deploy paused", user = "alice", channel = "war-room" }) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<int> NotesAsync(HttpClient client) =>
        (await new ChatRoom(client).GetJsonAsync("/api/incidents/INC-0001/timeline")).EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "note");
}
