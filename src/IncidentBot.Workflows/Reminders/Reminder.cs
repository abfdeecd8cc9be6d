namespace IncidentBot.Workflows.Reminders;

/// <summary>A reminder the incident is owed: its key (unique per incident), when, and what the bot says.</summary>
public sealed record Reminder(string Key, DateTimeOffset At, string Text);
