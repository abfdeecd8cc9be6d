namespace IncidentBot.Workflows.Metrics;

/// <summary>
/// Incident metrics over the incidents opened in [From, To). Durations are measured from the
/// opening: acknowledge to the declaration, mitigate to the first entry to verifying, resolve to
/// the first entry to reporting, close to closing. MTTA, MTTM and MTTR are the means of the first three.
/// Open action items are counted over every incident, whenever it happened: they are still owed.
/// </summary>
public sealed record IncidentMetricsReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Incidents,
    IReadOnlyDictionary<string, int> BySeverity,
    IReadOnlyDictionary<string, int> ByService,
    double? Mtta,
    double? MeanTimeToMitigate,
    double? Mttr,
    IReadOnlyDictionary<string, DurationStats> Phases,
    int PostmortemsRequired,
    int PostmortemsPublished,
    double? PostmortemCompletionRate,
    int OpenActionItems);
