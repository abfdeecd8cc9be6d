using System.Text.RegularExpressions;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Runbooks;
using IncidentBot.Workflows.Tests.Fakes;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Tests.Language;

/// <summary>
/// A bot set to <c>ja</c>, played through a whole incident by people who write Japanese: every
/// reply, button, timeline row, the support case and the postmortem draft are Japanese. English
/// words left after taking out commands, code, ids, names and product names mean a line was missed.
/// </summary>
public sealed partial class JapaneseConversationTests
{
    private const string Runbook = """
        ---
        id: db-storm
        title: データベース接続の急増
        summary: 新規接続がデータベースの受け付けを上回る。
        services: [rds]
        match:
          keywords: ["接続"]
        ---

        ## 1. 接続数と試行数を比べる

        両方のグラフを開く。

        ```sh
        aws cloudwatch get-metric-statistics --metric-name ConnectionAttempts
        ```

        **Expect:** 試行数が平常時を大きく上回っている。

        **If not:** 手順 2 へ。

        ## 2. アイドルセッションを切る

        バッチユーザーのセッションを切る。

        **Destructive:** yes
        """;

    [Fact]
    public async Task A_whole_incident_in_ja_has_no_English_sentence()
    {
        using var language = Say.Use("ja");
        var options = new PostmortemOptions { Locale = "ja", Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo") };
        var room = new Room(runbooks: RunbookLibrary.Parse([("db-storm.md", Runbook)]), postmortems: options);
        var said = new List<string>();
        async Task Play(string line, string user = "alice") => said.AddRange(Lines(await room.Say(line, user).Reply()));

        string[] script =
        [
            "/incident help", "/incident help note", "/incident frobnicate", "/incident status",
            "/incident start sev2 決済 API の接続エラー", "/incident start sev9 だめな重要度", "/incident status", "/incident role commander me",
            "/incident role scribe @bob", "/incident role investigator @carol", "/incident sev 1", "/incident summary 決済が失敗している",
            "/incident services payments, checkout", "/incident claim DB の接続数を確認する", "/incident claim DB の接続数を確認する",
            "/incident done #1 接続数が上限に達していた", "/incident claim ロードバランサーを確認する", "/incident release #2",
            "/incident hypothesis 接続プールの設定ミス", "/incident hypothesis confirm #1 設定値が 20 になっていた",
            "/incident hypothesis 回線障害", "/incident hypothesis rule-out #2 他のリージョンは正常",
            "/incident note --at 12:01 デプロイが完了した", "/incident note 再起動を検討中", "/incident correct #13 再起動は見送り",
            "/incident runbook", "/incident runbook db-storm", "/incident step done 2 倍以上", "/incident step done", "/incident step approve",
            "/incident runbook nosuch", "/incident check", "/incident flag manual 手動でロールバックした",
            "/incident impact 決済の 30% が失敗 --from 12:05 --to 12:45", "/incident detected-by monitoring エラー率のアラート",
            "/incident timeline", "/incident list", "/incident actions", "/incident support-case", "/incident close",
            "/incident recover", "/incident mitigated 接続上限を 200 に戻した", "/incident verify-failed まだ失敗が続く",
            "/incident mitigated 再デプロイした", "/incident verified エラー率が平常に戻った", "/incident close",
            "/incident action 接続数のアラートを追加する @bob due 2027-01-31", "/incident action done #1 追加済み",
            "/incident postmortem", "/incident postmortem publish", "/incident postmortem write root-cause 接続プールの上限が低すぎた",
            "/incident postmortem write trigger 設定変更で上限が 20 になった", "/incident postmortem write lucky n/a 特になし",
            "/incident reviewer @alice", "/incident reviewer @dave", "/incident postmortem review",
            "/incident postmortem approve", "/incident postmortem approve",
        ];
        for (var i = 0; i < script.Length; i++)
        {
            await Play(script[i], i == script.Length - 1 ? "dave" : "alice"); // the author's approval is refused, the reviewer's counts
        }

        var events = await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None);
        var incident = Incident.Replay(new IncidentId(1), events);
        said.AddRange(TimelineBuilder.Build(events).Select(e => e.Text));
        said.Add(PostmortemMarkdown.Render(PostmortemBuilder.Build(incident, events, room.Clock.Now, options)));

        var english = said.SelectMany(s => s.Split('\n')).Select(l => (Line: l, Words: EnglishWords(l))).Where(x => x.Words.Count > 0).ToList();
        Assert.True(english.Count == 0, $"{english.Count} lines with English words:\n{string.Join("\n", english.Select(x => $"[{string.Join(", ", x.Words)}] {x.Line}"))}");
    }

    private static IEnumerable<string> Lines(BotMessage message) =>
        new[] { message.Header ?? "", message.Text }.Concat(message.Context)
            .Concat(message.Fields.SelectMany(f => new[] { f.Title, f.Code ? "" : f.Value }))
            .Concat(message.Buttons.Select(b => b.Label)).Concat(message.Links.Select(l => l.Title));

    /// <summary>The English words a line still has once commands, code, ids, names, times and product names are taken out.</summary>
    private static List<string> EnglishWords(string line)
    {
        var rest = NotProse().Replace(line, " ");
        return [.. Word().Matches(rest).Select(m => m.Value).Where(w => !Allowed.Contains(w))];
    }

    /// <summary>Names that stay as they are in Japanese text: products, formats, protocol words, severity labels.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Runbook", "Runbooks", "Slack", "Teams", "CloudWatch", "AWS", "IAM", "ARN", "Markdown", "JSON", "HTML", "API", "SEV",
        "sev1", "sev2", "sev3", "sev4", "SEV1", "SEV2", "SEV3", "SEV4", "IncidentBot", "Jira", "GitHub", "Alertmanager", "Grafana", "URL",
        "payments", "checkout", "ID", "nosuch", "alice", "bob", "carol", "dave", "rds", "db", "storm", "sh", "yes", "n", "a", "DB",
    };

    /// <summary>Commands with their arguments, code spans and blocks, ids (INC-0001, #3), @names, links and the users' own words.</summary>
    [GeneratedRegex(@"`{3}[\s\S]*?`{3}|`[^`]*`|/incident(?: [!-~]+)*|<[^>]*>|https?://\S+|/api/[^\s、。）]+|@[\w.-]+|INC-\d+|#[\w-]+|\b[\w-]+\.md\b|\b(db-storm|confirm|rule-out|approve|n/a)\b|\d+(?:[:./-]\d+)*\s*(?:h|m|s|ms|min|%)?\b")]
    private static partial Regex NotProse();

    [GeneratedRegex(@"[A-Za-z]{2,}")]
    private static partial Regex Word();
}
