namespace IncidentBot.Demo;

/// <summary>A clock the demo sets line by line, so the story keeps its own times.</summary>
internal sealed class ScriptedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
