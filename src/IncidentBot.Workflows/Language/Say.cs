namespace IncidentBot.Workflows.Language;

/// <summary>
/// The bot's language for the work in hand: every line the bot writes is given here in English and
/// Japanese, and the one for the installation's <c>Bot:Locale</c> is picked when the line is written.
/// The host sets the language at each entry (a request, a job, a worker loop); unset means English.
/// It flows with the async call, so two bots in one process (tests) never see each other's language.
/// </summary>
public static class Say
{
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary><c>en</c> or <c>ja</c>.</summary>
    public static string Locale => Current.Value ?? "en";

    public static bool Japanese => Locale == "ja";

    /// <summary>The line in the bot's language. Both are required: a line in one language only does not compile.</summary>
    public static string T(string en, string ja) => Japanese ? ja : en;

    /// <summary>The line in the given language, for output whose language is chosen explicitly (a postmortem draft).</summary>
    public static string T(string locale, string en, string ja) => locale == "ja" ? ja : en;

    /// <summary>Writes in <paramref name="locale"/> until the returned scope is disposed.</summary>
    public static IDisposable Use(string locale)
    {
        if (locale is not ("en" or "ja"))
        {
            throw new ArgumentOutOfRangeException(nameof(locale), locale, "The bot speaks en or ja.");
        }

        var previous = Current.Value;
        Current.Value = locale;
        return new Scope(previous);
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
