using IncidentBot.Tests.Support;
using IncidentBot.WarRoom;

namespace IncidentBot.Tests.Storage;

/// <summary>The PostgreSQL store, on a real server, against the conversation store contract.</summary>
public sealed class PostgresConversationStoreTests : ConversationStoreContract, IAsyncLifetime
{
    private readonly PostgresTestStores _stores = new();

    protected override async Task<IConversationStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
