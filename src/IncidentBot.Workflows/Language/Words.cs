namespace IncidentBot.Workflows.Language;

/// <summary>
/// A line kept in both languages, for text held in static tables (verb summaries, labels) that must
/// be read in the language of the moment it is shown, not of the moment the table was built.
/// </summary>
public readonly record struct Words(string En, string Ja)
{
    public override string ToString() => Say.T(En, Ja);

    public static implicit operator string(Words words) => words.ToString();
}
