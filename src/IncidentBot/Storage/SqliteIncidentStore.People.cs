using IncidentBot.Workflows.People;

namespace IncidentBot.Storage;

/// <summary>The people directory: each platform's user ids and the handles the bot records people by.</summary>
internal sealed partial class SqliteIncidentStore : IPeopleStore
{
    public async Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT platform, user_id, handle FROM people";
        var people = new List<Person>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            people.Add(new Person(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return people;
    }

    public async Task<Person?> FindPersonAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT handle FROM people WHERE platform = $platform AND user_id = $user";
        command.Parameters.AddWithValue("$platform", platform);
        command.Parameters.AddWithValue("$user", userId);
        return await command.ExecuteScalarAsync(cancellationToken) is string handle ? new Person(platform, userId, handle) : null;
    }

    public Task RememberAsync(Person person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var at = WriterStatements.Time(DateTimeOffset.UtcNow);
        return Writer.WriteAsync(connection =>
        {
            Execute(connection,
                "INSERT INTO people (platform, user_id, handle, updated_at) VALUES ($platform, $user, $handle, $at) ON CONFLICT (platform, user_id) DO UPDATE SET handle = excluded.handle, updated_at = excluded.updated_at",
                ("$platform", person.Platform), ("$user", person.UserId), ("$handle", person.Handle), ("$at", at));
            return true;
        }, cancellationToken);
    }
}
