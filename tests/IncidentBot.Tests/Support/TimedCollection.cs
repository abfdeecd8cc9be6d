namespace IncidentBot.Tests.Support;

/// <summary>
/// Tests that measure time in the browser run alone, after the parallel ones, so another test's
/// Chromium and host are not on the same two cores while they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedCollection
{
    public const string Name = "timed alone";
}
