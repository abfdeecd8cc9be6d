namespace IncidentBot.Tests.Support;

/// <summary>Waiting for what the bot does in the background (the outbox delivers after the answer).</summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<bool> condition, string what, int seconds = 15) =>
        HoldsAsync(() => Task.FromResult(condition()), what, seconds);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
