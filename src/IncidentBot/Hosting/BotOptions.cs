namespace IncidentBot.Hosting;

/// <summary>The <c>Bot</c> configuration section.</summary>
public sealed class BotOptions
{
    /// <summary><c>en</c> or <c>ja</c>.</summary>
    public string Locale { get; set; } = "en";

    /// <summary>An IANA or Windows zone id; clock times typed in commands (<c>12:22</c>) are read in it.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How many incidents are kept folded in memory; the least recently used beyond it are folded again from the store when needed.</summary>
    public int CacheIncidents { get; set; } = 5000;

    /// <summary>An incident unused this long is dropped from memory.</summary>
    public int CacheIdleMinutes { get; set; } = 120;
}
