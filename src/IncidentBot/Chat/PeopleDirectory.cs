using System.Collections.Concurrent;
using IncidentBot.Workflows.People;

namespace IncidentBot.Chat;

/// <summary>
/// Who is who on every chat platform: a platform's user id and the handle the bot records that person
/// by. Learnt from every payload that carries both, kept in the store (so after a restart the same
/// person is still <c>alice</c>, not <c>U024BE7LH</c>) and held in memory for the hot path: the store
/// is written only when someone is new or renamed.
/// </summary>
public sealed class PeopleDirectory(IPeopleStore store, ILogger<PeopleDirectory> logger) : IHostedService
{
    private readonly ConcurrentDictionary<(string Platform, string UserId), string> _handles = new();
    private readonly ConcurrentDictionary<(string Platform, string Handle), string> _ids = new(new HandleComparer());

    /// <summary>Reads everyone known before the first request is served.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var people = await store.PeopleAsync(cancellationToken);
        foreach (var person in people)
        {
            Remember(person);
        }

        logger.LogDebug("People directory: {Count} people known", people.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? HandleOf(string platform, string userId) => _handles.GetValueOrDefault((platform, userId));

    public string? IdOf(string platform, string handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return _ids.GetValueOrDefault((platform, handle.TrimStart('@')));
    }

    /// <summary>The handle of <paramref name="userId"/>, from memory or the store (another replica may have learnt it).</summary>
    public async Task<string?> FindHandleAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        if (HandleOf(platform, userId) is { } known)
        {
            return known;
        }

        if (await store.FindPersonAsync(platform, userId, cancellationToken) is { } person)
        {
            Remember(person);
            return person.Handle;
        }

        return null;
    }

    /// <summary>Learns that <paramref name="userId"/> is called <paramref name="handle"/>; stored before it returns when that is news.</summary>
    public async ValueTask LearnAsync(string platform, string? userId, string? handle, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(handle) || HandleOf(platform, userId) == handle)
        {
            return;
        }

        var person = new Person(platform, userId, handle);
        await store.RememberAsync(person, cancellationToken);
        Remember(person);
    }

    private void Remember(Person person)
    {
        _handles[(person.Platform, person.UserId)] = person.Handle;
        _ids[(person.Platform, person.Handle)] = person.UserId;
    }

    /// <summary>Handles are matched as people type them: <c>@Alice</c> is alice.</summary>
    private sealed class HandleComparer : IEqualityComparer<(string Platform, string Handle)>
    {
        public bool Equals((string Platform, string Handle) x, (string Platform, string Handle) y) =>
            string.Equals(x.Platform, y.Platform, StringComparison.Ordinal) && string.Equals(x.Handle, y.Handle, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Platform, string Handle) obj) =>
            HashCode.Combine(obj.Platform, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Handle));
    }
}
