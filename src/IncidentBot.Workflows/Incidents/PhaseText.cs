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

    /// <summary>Closed, Dismissed and Cancelled incidents take no more lifecycle triggers.</summary>
    public static bool IsFinished(this Phase phase) => phase is Phase.Closed or Phase.Dismissed or Phase.Cancelled;
}
