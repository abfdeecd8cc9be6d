using IncidentBot.Workflows.People;

namespace IncidentBot.Storage.Postgres;

/// <summary>The people directory: each platform's user ids and the handles the bot records people by.</summary>
internal sealed partial class PostgresIncidentStore : IPeopleStore
{
    public async Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT platform, user_id, handle FROM people");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var people = new List<Person>();
        while (await reader.ReadAsync(cancellationToken))
        {
            people.Add(new Person(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return people;
    }

    public async Task<Person?> FindPersonAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync(connection, "SELECT handle FROM people WHERE platform = $1 AND user_id = $2", [platform, userId], cancellationToken) is string handle
            ? new Person(platform, userId, handle)
            : null;
    }

    public async Task RememberAsync(Person person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            "INSERT INTO people (platform, user_id, handle, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (platform, user_id) DO UPDATE SET handle = excluded.handle, updated_at = excluded.updated_at",
            [person.Platform, person.UserId, person.Handle, DateTimeOffset.UtcNow], cancellationToken);
    }
}
