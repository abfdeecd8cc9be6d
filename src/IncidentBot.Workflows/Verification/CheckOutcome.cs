using System.Text.Json.Serialization;

namespace IncidentBot.Workflows.Verification;

/// <summary>Where a verification check stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckOutcome>))]
public enum CheckOutcome
{
    /// <summary>Not read yet, or not enough datapoints yet to say.</summary>
    Pending,
    Passing,
    Failing,

    /// <summary>The metric could not be read (throttled, access denied, no credentials); read again later.</summary>
    Error,

    /// <summary>It did not pass within the time limit; the bot stops reading it.</summary>
    TimedOut,
}

public static class CheckOutcomeText
{
    public static string Name(this CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pending => "pending",
        CheckOutcome.Passing => "passing",
        CheckOutcome.Failing => "failing",
        CheckOutcome.Error => "unreadable",
        _ => "timed out",
    };

    public static string Icon(this CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passing => "✅",
        CheckOutcome.Failing => "❌",
        CheckOutcome.TimedOut => "⌛",
        CheckOutcome.Error => "⚠️",
        _ => "⏳",
    };
}
