namespace IncidentBot.Workflows.Postmortems;

/// <summary>
/// One section of the draft: what the events know (<see cref="Facts"/>, Markdown) and what only people
/// know: <see cref="Written"/>, in their words, or while nobody has written it <see cref="Prompt"/>, a
/// question left for the authors. Any may be empty, never filler.
/// </summary>
public sealed record PostmortemSection(string Key, string Heading, string? Facts, string? Prompt, string? Written = null);
