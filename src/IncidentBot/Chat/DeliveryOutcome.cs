namespace IncidentBot.Chat;

/// <summary>
/// What became of one outbox message a platform was asked to deliver. The delivery loop acts on it:
/// it never has to guess from an exception whether a message went out.
/// </summary>
public abstract record DeliveryOutcome
{
    private DeliveryOutcome()
    {
    }

    /// <summary>Out, as of incident version <paramref name="Version"/> (a card shows that version); null when versions do not matter.</summary>
    public static DeliveryOutcome Done(long? version = null) => new Delivered(version);

    /// <summary>Not out yet; try again at <paramref name="at"/> (as the platform asked), or with backoff when null.</summary>
    /// <param name="refused">The platform refused it for a reason a person must fix (a token, a permission): logged as an error.</param>
    /// <param name="countAttempt">False when the wait is the platform's pacing, not a failure: the backoff does not grow.</param>
    public static DeliveryOutcome Retry(string reason, DateTimeOffset? at = null, bool refused = false, bool countAttempt = true) =>
        new RetryLater(reason, at, refused, countAttempt);

    /// <summary>It must wait for another message (a card before its room exists): tried again soon, not counted, dropped if it waits too long.</summary>
    public static DeliveryOutcome Wait(string reason) => new NotReady(reason);

    /// <summary>It can never be delivered (its channel is gone, its incident too): removed, with the reason logged.</summary>
    public static DeliveryOutcome Drop(string reason) => new Dropped(reason);

    public sealed record Delivered(long? Version) : DeliveryOutcome;

    public sealed record RetryLater(string Reason, DateTimeOffset? At, bool Refused, bool CountAttempt) : DeliveryOutcome;

    public sealed record NotReady(string Reason) : DeliveryOutcome;

    public sealed record Dropped(string Reason) : DeliveryOutcome;
}
