namespace IncidentBot.FakeSlack;

/// <summary>How the fake Slack fails while an outage is set: the ways a real one has been seen to.</summary>
public enum SlackOutage
{
    None,

    /// <summary>The connection is dropped without an answer.</summary>
    Refuse,

    /// <summary>HTTP 500.</summary>
    ServerError,

    /// <summary>HTTP 429 with a Retry-After of 30 seconds, for every method.</summary>
    RateLimited,

    /// <summary>No answer at all until the caller gives up.</summary>
    Hang,
}
