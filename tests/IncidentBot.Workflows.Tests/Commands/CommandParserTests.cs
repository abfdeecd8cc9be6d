using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Tests.Commands;

public class CommandParserTests
{
    private static ParsedCommand Parse(string text)
    {
        var (command, refusal) = CommandParser.Parse(text);
        Assert.True(refusal is null, refusal?.Problem);
        return command!;
    }

    private static Refusal Refuse(string text)
    {
        var (command, refusal) = CommandParser.Parse(text);
        Assert.Null(command);
        return refusal!;
    }

    [Theory]
    [InlineData("/incident sev1 INC-0042")]
    [InlineData("/incident INC-0042 sev1")]
    [InlineData("/incident sev inc-42 1")]
    [InlineData("incident sev 1 INC-0042")]
    public void Id_MayStandAnywhere(string text)
    {
        var command = Parse(text);

        Assert.Equal("sev", command.Verb.Name);
        Assert.Equal(new IncidentId(42), command.Incident);
        Assert.Equal("1", Assert.Single(command.Args).Text);
    }

    [Fact]
    public void QuotedId_IsText_NotAnId()
    {
        var command = Parse("/incident note \"INC-0001 was the same\"");

        Assert.Null(command.Incident);
        Assert.Equal("INC-0001 was the same", command.Rest);
    }

    [Fact]
    public void TwoDifferentIds_AreRefused() =>
        Assert.Contains("two incidents", Refuse("/incident sev1 INC-0001 INC-0002").Problem, StringComparison.Ordinal);

    [Theory]
    [InlineData("/incident note 「DB の接続数 が 急増」", "DB の接続数 が 急増")]
    [InlineData("/incident note “curly quotes”", "curly quotes")]
    [InlineData("/incident note 'single quotes'", "single quotes")]
    [InlineData("/incident note it's Alice's query", "it's Alice's query")]
    [InlineData("/incident note errors at 'greeting packet' stage", "errors at 'greeting packet' stage")]
    [InlineData("/incident　note　全角スペース　区切り", "全角スペース 区切り")]
    public void Quotes_AndJapaneseText_AreRead(string text, string rest) =>
        Assert.Equal(rest, Parse(text).Rest);

    [Fact]
    public void UnclosedQuote_IsRefused_WithAWorkingExample() =>
        Assert.Contains("never closed", Refuse("/incident note \"oops").Problem, StringComparison.Ordinal);

    [Theory]
    [InlineData("/incident stat", "status")]
    [InlineData("/incident claimm x", "claim")]
    [InlineData("/incident mitigate-d", "mitigated")]
    [InlineData("/incident hypotesis x", "hypothesis")]
    [InlineData("/incident clsoe", "close")]
    public void UnknownVerb_GetsTheUsageOfTheClosestVerb(string text, string verb)
    {
        var refusal = Refuse(text);

        Assert.Contains($"Did you mean `{verb}`", refusal.Problem, StringComparison.Ordinal);
        Assert.Contains(Verbs.Find(verb)!.Usage, refusal.Fixes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/incident")]
    public void EmptyCommand_PointsToHelp(string text) =>
        Assert.Contains("/incident help", Refuse(text).Fixes);

    [Fact]
    public void OtherSlashCommand_IsRefused() =>
        Assert.Contains("not a command of this bot", Refuse("/deploy prod").Problem, StringComparison.Ordinal);

    [Fact]
    public void Flags_AreReadWithTheirValues()
    {
        var command = Parse("/incident note --at 12:22 first errors");

        Assert.Equal("12:22", command.Flags["at"]);
        Assert.Equal("first errors", command.Rest);
    }

    [Fact]
    public void MistypedOption_IsRefusedWithTheOptionMeant()
    {
        var refusal = Refuse("/incident start --triag db down");

        Assert.Contains("has no option --triag; did you mean --triage?", refusal.Problem, StringComparison.Ordinal);
        Assert.StartsWith("/incident start", Assert.Single(refusal.Fixes), StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptionLikeWordThatIsNoOptionOfTheVerb_IsText()
    {
        var command = Parse("/incident note aws ec2 describe-instance-status --debug の出力: throttled");

        Assert.Equal("aws ec2 describe-instance-status --debug の出力: throttled", command.Rest);
        Assert.Equal("--force check db", Parse("/incident claim --force check db").Rest);
    }

    [Fact]
    public void FullWidthSlash_IsTheSlash() =>
        Assert.Equal("status", Parse("／incident　status").Verb.Name);

    [Theory]
    [InlineData("/incident sev9")]
    [InlineData("/incident start sev9 payments")]
    [InlineData("/incident sev0")]
    public async Task ASeverityOutOfRange_IsRefusedWithTheRange(string text)
    {
        var room = new Fakes.Room();
        await room.Say("/incident start db down").ExpectOk();
        await room.Say(text).ExpectRefusal("from sev1 (the worst) to sev4");
    }

    [Fact]
    public void HelpForAnUnknownVerb_SaysSo_AndNamesOnlyNearVerbs()
    {
        var unknown = HelpText.For(Parse("/incident help frobnicate"));
        var near = HelpText.For(Parse("/incident help mitigat"));

        Assert.False(unknown.Ok);
        Assert.Equal("There is no verb `frobnicate`. All verbs: `/incident help`.", unknown.Text);
        Assert.Contains("Near it: `mitigated`", near.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWordThatIsNoRole_IsNamedAsSuch()
    {
        var room = new Fakes.Room();
        await room.Say("/incident start db down").ExpectOk();
        await room.Say("/incident role boss me").ExpectRefusal("`boss` is not a role: the roles are commander, comms, scribe and investigator.");
    }

    [Fact]
    public void APastedPageAsAVerb_IsNotEchoedBackWhole() =>
        Assert.True(Refuse("/incident " + new string('x', 7_000)).Problem.Length < 300);

    [Fact]
    public void AFarUnknownVerb_GetsNoSuggestion_ANearOneDoes()
    {
        Assert.DoesNotContain("Did you mean", Refuse("/incident frobnicate").Problem, StringComparison.Ordinal);
        Assert.Contains("Did you mean `status`?", Refuse("/incident statsu").Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FlagWithoutValue_IsRefused() =>
        Assert.Contains("--at needs a value", Refuse("/incident note --at").Problem, StringComparison.Ordinal);

    [Fact]
    public void OversizedCommand_IsRefused() =>
        Assert.Contains("limit", Refuse("/incident note " + new string('x', CommandParser.MaxLength)).Problem, StringComparison.Ordinal);

    [Theory]
    [InlineData("@alice", "alice")]
    [InlineData("alice", "alice")]
    [InlineData("me", "bob")]
    [InlineData("<@U024BE7LH|alice>", null)] // a platform's markup is the adapter's to read, not the domain's
    [InlineData("@田中", "田中")]
    [InlineData("@a;b", null)]
    public void Mentions_AreResolved(string word, string? user) =>
        Assert.Equal(user, Mention.Resolve(word, "bob"));
}
