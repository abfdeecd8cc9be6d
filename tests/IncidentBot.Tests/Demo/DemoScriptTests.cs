using IncidentBot.Demo;

namespace IncidentBot.Tests.Demo;

public sealed class DemoScriptTests
{
    /// <summary>The demo a newcomer runs first plays start to close on the real command path, checks included.</summary>
    [Fact]
    public async Task The_demo_plays_from_start_to_close()
    {
        using var output = new StringWriter();

        Assert.Equal(0, await DemoScript.RunAsync(output, CancellationToken.None));

        var text = output.ToString();
        Assert.Contains("cannot be verified while its checks have not passed", text, StringComparison.Ordinal);
        Assert.Contains("All 2 checks pass", text, StringComparison.Ordinal);
        Assert.Contains("verifying → reporting (confirming verification)", text, StringComparison.Ordinal);
        Assert.Contains("reporting → closed", text, StringComparison.Ordinal);
        Assert.Contains("To see the same incident in a running bot", text[text.LastIndexOf("reporting → closed", StringComparison.Ordinal)..], StringComparison.Ordinal); // the last word is how to keep one
    }
}
