using IncidentBot.Tests.Support;
using IncidentBot.WarRoom;

namespace IncidentBot.Tests.Storage;

/// <summary>The SQLite store against the conversation store contract.</summary>
public sealed class SqliteConversationStoreTests : ConversationStoreContract, IAsyncLifetime
{
    private readonly SqliteTestStores _stores = new();

    protected override async Task<IConversationStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
