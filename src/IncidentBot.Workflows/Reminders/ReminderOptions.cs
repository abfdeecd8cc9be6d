using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Reminders;

/// <summary>When the bot reminds: all configurable (<c>Reminders</c> section).</summary>
public sealed record ReminderOptions
{
    /// <summary>A declared incident without a commander gets a nudge this long after it opened.</summary>
    public TimeSpan NoCommanderAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a recovering incident may go without anyone saying anything, by severity; a severity not listed gets no status reminders.</summary>
    public IReadOnlyDictionary<Severity, TimeSpan> StatusEvery { get; init; } = new Dictionary<Severity, TimeSpan>
    {
        [Severity.Sev1] = TimeSpan.FromMinutes(15),
        [Severity.Sev2] = TimeSpan.FromMinutes(30),
        [Severity.Sev3] = TimeSpan.FromMinutes(60),
    };

    /// <summary>A postmortem not published this long after the incident reached reporting gets a reminder.</summary>
    public TimeSpan ReviewAfter { get; init; } = TimeSpan.FromDays(2);

    /// <summary>The local time of day at which action items are reminded on their due date, and again the day after.</summary>
    public TimeOnly ActionItemsAt { get; init; } = new(9, 0);
}
