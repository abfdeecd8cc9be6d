namespace IncidentBot.Chat;

/// <summary>How fast a platform may be written to and how its failures back off.</summary>
/// <param name="RefreshInterval">Least time between two refreshes of one incident's messages (a busy incident's changes pile up into one).</param>
/// <param name="RetryBase">The first wait after a failure; it doubles up to <paramref name="RetryMax"/>.</param>
public sealed record DeliveryPacing(TimeSpan RefreshInterval, TimeSpan RetryBase, TimeSpan RetryMax)
{
    /// <summary>The wait after <paramref name="attempts"/> failures, with up to a fifth of jitter so queues that failed together do not retry together.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Min(RetryMax.TotalSeconds, RetryBase.TotalSeconds * Math.Pow(2, Math.Min(attempts, 20)));
        return TimeSpan.FromSeconds(seconds * (1 + (Random.Shared.NextDouble() / 5)));
    }
}
