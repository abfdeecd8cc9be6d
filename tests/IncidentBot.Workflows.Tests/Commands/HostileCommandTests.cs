using CsCheck;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Tests.Fakes;

namespace IncidentBot.Workflows.Tests.Commands;

/// <summary>
/// Thousands of generated command lines (any Unicode, quotes, options of every verb and none, ids,
/// times, mentions, huge and empty) through the parser and the dispatcher: nothing throws, every line
/// is answered, and a refused line changes nothing that was recorded.
/// </summary>
public sealed class HostileCommandTests
{
    private static readonly string[] Words =
    [
        .. Verbs.All.SelectMany(v => v.Aliases.Prepend(v.Name)),
        "--at", "--from", "--to", "--all", "--triage", "--remove", "--no-postmortem", "--debug", "--", "-", "---x",
        "INC-0001", "INC-0002", "INC-9999", "INC-", "INC-99999999999999999999", "#1", "#0", "#-1", "#", "#99999999999999999999", "db-storm#2",
        "\"", "'", "「", "」", "\"unterminated", "`", "```", "\\", "\"quoted words\"",
        "12:05", "25:99", "00:00", "2026-13-45", "2026-02-01", "due", "yesterday",
        "@alice", "@", "@@", "me", "none", "n/a", "none:", "sev1", "sev9", "sev", "0", "-1", "1e10", "NaN",
        "commander", "comms", "scribe", "investigator", "boss", "confirm", "rule-out", "done", "failed", "skip", "approve",
        "add", "remove", "retry", "write", "review", "publish", "root-cause", "lucky", "data-loss", "manual",
        "monitoring", "person", "customer", "provider", "AWS/RDS", "CPUUtilization", "<", "<=", ">", "for", "10m",
        "／incident", "\u0000", "\u200b", "🔥", "障害", "\r\n", "\t",
    ];

    private static readonly Gen<string> Token = Gen.Frequency(
        (12, Gen.OneOf(Words)),
        (3, Gen.String[0, 12]),
        (1, Gen.Char.Array[0, 40].Select(c => new string(c))),
        (1, Gen.Int[0, 3].Select(n => n == 0 ? new string('x', 70_000) : new string('界', 5_000))));

    private static readonly Gen<string> Line = Gen.Select(
        Gen.OneOf("/incident ", "/incident ", "/incident ", "／incident ", "/INCIDENT ", "", "/incident", " /incident  "),
        Token.Array[0, 9],
        (prefix, tokens) => prefix + string.Join(' ', tokens));

    [Fact]
    public void The_parser_answers_every_line_without_throwing() =>
        Line.Sample(line =>
        {
            var (command, refusal) = CommandParser.Parse(line);
            return (command is null) != (refusal is null) && (refusal is null || refusal.Problem.Length > 0);
        }, iter: 5_000, threads: 1);

    [Fact]
    public async Task The_dispatcher_answers_every_line_and_a_refusal_records_nothing()
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start sev2 checkout errors", "/incident role commander me", "/incident claim look at the pool");

        await Line.SampleAsync(async line =>
        {
            var before = room.Store.Appends.Count;
            var reply = await room.Dispatcher.HandleAsync(new CommandRequest(line, "alice", Chat.RoomAddress.Local(room.Channel)), CancellationToken.None);
            Assert.False(string.IsNullOrWhiteSpace(reply.Text), $"No answer to: {line}");
            if (!reply.Ok)
            {
                Assert.True(before == room.Store.Appends.Count, $"Refused, yet something was recorded: {line}\n{reply.Text}");
            }
        }, iter: 3_000, threads: 1);
    }
}
