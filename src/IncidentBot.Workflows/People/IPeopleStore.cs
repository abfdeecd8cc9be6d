namespace IncidentBot.Workflows.People;

/// <summary>
/// Who is who on each chat platform, kept in the store so a person has one handle across restarts
/// (and across replicas): the timeline, roles and the commander check all go by handle.
/// </summary>
public interface IPeopleStore
{
    /// <summary>Everyone known, on every platform.</summary>
    Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken cancellationToken);

    /// <summary>The person with <paramref name="userId"/> on <paramref name="platform"/>, if known.</summary>
    Task<Person?> FindPersonAsync(string platform, string userId, CancellationToken cancellationToken);

    /// <summary>Remembers a person, or their new handle; committed when the task completes.</summary>
    Task RememberAsync(Person person, CancellationToken cancellationToken);
}
