using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Incidents;

public static class PhaseText
{
    /// <summary>The phase as the API and the store spell it: lower case, e.g. <c>recovering</c>.</summary>
    public static string Name(this Phase phase) => phase switch
    {
        Phase.Detected => "detected",
        Phase.Triage => "triage",
        Phase.Recovering => "recovering",
        Phase.Verifying => "verifying",
        Phase.Reporting => "reporting",
        Phase.Closed => "closed",
        Phase.Dismissed => "dismissed",
        Phase.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    /// <summary>
    /// The phase as a chat line shows it, in the bot's language: the API spelling in English,
    /// 「復旧対応中」 etc. in Japanese. <see cref="Name"/> stays the API and command spelling.
    /// </summary>
    public static string Label(this Phase phase) => phase switch
    {
        Phase.Detected => Say.T("detected", "検知"),
        Phase.Triage => Say.T("triage", "トリアージ"),
        Phase.Recovering => Say.T("recovering", "復旧対応中"),
        Phase.Verifying => Say.T("verifying", "復旧確認中"),
        Phase.Reporting => Say.T("reporting", "報告書作成中"),
        Phase.Closed => Say.T("closed", "クローズ"),
        Phase.Dismissed => Say.T("dismissed", "誤検知として却下"),
        Phase.Cancelled => Say.T("cancelled", "取り消し"),
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    /// <summary>Closed, Dismissed and Cancelled incidents take no more lifecycle triggers.</summary>
    public static bool IsFinished(this Phase phase) => phase is Phase.Closed or Phase.Dismissed or Phase.Cancelled;
}
