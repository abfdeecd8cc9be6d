using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IncidentBot.Chat;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Tests.Chat;

/// <summary>
/// A second chat platform beside Slack, as small as a platform can be: it opens rooms (recording them
/// as every platform does), announces, keeps its card current under its own keys, and remembers every
/// message it was asked to deliver.
/// </summary>
public sealed class FakeChatPlatform(ChatCapture capture, KeptMessages kept) : IOutboxDelivery
{
    public const string Name = "fake";

    public static readonly ChatPlatform Description = new(Name, "FakeChat") { OpensRooms = true, Announces = true };

    public string Platform => Name;

    public DeliveryPacing Pacing { get; } = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));

    /// <summary>What it was asked to do, in order: the action and the incident.</summary>
    public ConcurrentQueue<(string Action, string Incident)> Delivered { get; } = new();

    public static RoomAddress Room(IncidentId id) => new(Name, "room-" + id) { ServiceUrl = "https://fake.example.com/", Tenant = "tenant-1" };

    public async Task<DeliveryOutcome> DeliverAsync(OutboxItem item, string action, CancellationToken cancellationToken)
    {
        var id = IncidentId.Parse(JsonNode.Parse(item.Payload)!["incident"]!.GetValue<string>());
        switch (action)
        {
            case OutboxNames.Room:
                await capture.RoomOpenedAsync(id, Room(id), $"{id} room", $"fake-room:{id}", cancellationToken);
                await kept.RememberAsync(OutboxNames.Posted(Name, "card", id), Room(id).Conversation, "card-1", "card", cancellationToken);
                break;
            case OutboxNames.Notice:
                await kept.RememberAsync(OutboxNames.Posted(Name, "notice", id), "announcements", "notice-1", "notice", cancellationToken);
                break;
        }

        Delivered.Enqueue((action, id.ToString()));
        return DeliveryOutcome.Done(item.Version);
    }
}
