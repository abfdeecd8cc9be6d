using System.Text.Json.Serialization;
using IncidentBot.Workflows.Language;

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

    /// <summary>The outcome as the bot says it in a sentence, in the bot's language.</summary>
    public static string Label(this CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pending => Say.T("pending", "判定待ち"),
        CheckOutcome.Passing => Say.T("passing", "合格"),
        CheckOutcome.Failing => Say.T("failing", "不合格"),
        CheckOutcome.Error => Say.T("unreadable", "読み取り不可"),
        _ => Say.T("timed out", "時間切れ"),
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
