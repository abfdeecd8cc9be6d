using System.Text;
using System.Text.RegularExpressions;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Chat;

/// <summary>
/// A cloud support inquiry drafted from the incident's own facts, with the fields a support
/// engineer needs first (seed 003): when it started, whether it is still going on, region,
/// service, resource ids, account and user, what was tried, and logs and evidence. What the
/// incident does not know is left as a placeholder in angle brackets, never guessed.
/// </summary>
public static partial class SupportCaseDraft
{
    public static BotMessage Render(Incident incident, IReadOnlyList<RecordedEvent> events, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(events);
        var texts = IncidentTexts.Of(events).Append(incident.Title).Append(incident.Summary ?? "").ToList();
        var started = incident.Start;
        var ongoing = incident.Phase is Phase.Reporting or Phase.Closed
            ? Say.T($"No: resolved for users at {Format.DateTime(incident.FirstEntered(Phase.Reporting) ?? now, zone)}",
                $"解消済み（{Format.DateTime(incident.FirstEntered(Phase.Reporting) ?? now, zone)} にユーザー影響が解消）")
            : Say.T($"Yes, still ongoing at {Format.DateTime(now, zone)} ({incident.Phase.Name()})", $"継続中（{Format.DateTime(now, zone)} 時点、フェーズ：{incident.Phase.Label()}）");
        var regions = IncidentTexts.Find(RegionPattern(), texts);
        var resources = IncidentTexts.Find(ResourcePattern(), texts).Where(r => !SupportCaseEvidence.IsIdentity(r)).ToList();
        var accounts = IncidentTexts.Find(AccountPattern(), texts).Select(a => a.Split(':')[4]).Distinct().ToList();
        var identities = SupportCaseEvidence.Identities(texts);
        var quotes = SupportCaseEvidence.Quotes(events, zone);
        var links = IncidentTexts.Links(texts);
        var open = incident.Hypotheses.Where(h => h.Verdict == HypothesisVerdict.Open).ToList();
        var tried = Tried(incident, zone);

        var draft = new StringBuilder();
        draft.Append(Say.T("Subject: ", "件名：")).Append(incident.Severity is { } s ? Say.T(Urgency(s) + ": ", $"【{Urgency(s)}】") : "").Append(incident.Title).Append('\n');
        Line(draft, Say.T("Started", "開始日時"), Format.DateTime(started, zone)
            + (started < incident.OpenedAt ? Say.T(" (first sign, before the incident was opened)", "（最初の兆候。インシデントの開始より前）") : ""));
        Line(draft, Say.T("Ongoing", "継続状況"), ongoing);
        Line(draft, Say.T("Region", "リージョン"), Or(regions, Say.T("<region, e.g. ap-northeast-1>", "<リージョン（例：ap-northeast-1）>")));
        Line(draft, Say.T("Service", "サービス"), incident.Services.Count == 0 ? Say.T("<AWS service, e.g. RDS for MySQL>", "<AWS のサービス（例：RDS for MySQL）>") : string.Join(Say.T(", ", "、"), incident.Services));
        Line(draft, Say.T("Resource ids", "対象リソース"), Or(resources, Say.T("<instance, cluster or ARN ids>", "<インスタンスやクラスターの ID、または ARN>")));
        Line(draft, Say.T("Account and user", "アカウントとユーザー"),
            $"{Or(accounts, Say.T("<AWS account id>", "<AWS アカウント ID>"))} / {Or(identities, Say.T("<IAM user or role that saw the error>", "<エラーが発生した IAM ユーザーまたはロール>"))}");
        Line(draft, Say.T("Impact", "影響"), incident.Impact ?? Say.T("<what users see, and how many>", "<ユーザーに見えている症状と、影響を受けた人数>"));
        draft.Append(Say.T("What we tried:\n", "実施したこと：\n"));
        draft.Append(tried.Count == 0 ? Say.T("- <what was checked or changed, with times>\n", "- <確認・変更した内容と、その時刻>\n") : string.Join("", tried.Select(t => $"- {t}\n")));
        draft.Append(Say.T("Still open (not yet tested):\n", "未検証の仮説：\n"));
        draft.Append(open.Count == 0 ? Say.T("- none\n", "- なし\n") : string.Join("", open.Select(h => Say.T($"- hypothesis #{h.Number}: {h.Text}\n", $"- 仮説 #{h.Number}：{h.Text}\n"))));
        draft.Append(Say.T("Logs and evidence:\n", "ログと根拠：\n"));
        draft.Append(quotes.Count + links.Count == 0
            ? Say.T("- <links to dashboards, log queries, error messages with timestamps, command output, ping/traceroute, screenshots>\n",
                "- <ダッシュボードやログ検索へのリンク、タイムスタンプ付きのエラーメッセージ、コマンドの出力、ping/traceroute の結果、スクリーンショット>\n")
            : string.Join("", quotes.Select(q => $"- {q}\n")) + string.Join("", links.Select(l => $"- {l}\n")));
        draft.Append(Say.T("Question: <the one thing you need support to answer or do>\n", "質問：<サポートに答えてほしいこと、または対応してほしいこと（1 つ）>\n"));

        return new BotMessage
        {
            Incident = incident.Id,
            Header = Say.T($"{incident.Id} · support case draft", $"{incident.Id} · サポートケースの下書き"),
            Text = draft.ToString(),
            Context = Caution(incident, quotes, links)
                .Append(Say.T(
                    "Copy it into the provider's support console. Fill every <placeholder>; add `note` entries with links, ids, log lines and command output and the draft picks them up.",
                    "提供元のサポートコンソールに貼り付けて使ってください。<…> の部分はすべて埋めてください。リンク、リソースの識別子、ログ、コマンドの出力を `note` で記録すると、下書きに取り込まれます。"))
                .ToList(),
            Visibility = MessageVisibility.Ephemeral,
        };
    }

    /// <summary>What was tried, with times: mitigations, verifications that failed, findings, tested hypotheses, runbook steps.</summary>
    private static List<string> Tried(Incident incident, TimeZoneInfo zone)
    {
        var tried = new List<string>();
        tried.AddRange(incident.Transitions.Where(t => t.Reason is not null && t.Trigger is Lifecycle.Trigger.Mitigated or Lifecycle.Trigger.VerificationFailed)
            .Select(t => (Clock: Format.Clock(t.At, zone), Mitigated: t.Trigger == Lifecycle.Trigger.Mitigated, t.Reason))
            .Select(t => t.Mitigated
                ? Say.T($"{t.Clock} mitigation: {t.Reason}", $"{t.Clock} 緩和策：{t.Reason}")
                : Say.T($"{t.Clock} still failing: {t.Reason}", $"{t.Clock} 復旧確認に失敗：{t.Reason}")));
        tried.AddRange(incident.Claims.Where(c => c.Finding is not null).Select(c => Say.T($"{c.What}: {c.Finding}", $"{c.What}：{c.Finding}")));
        tried.AddRange(incident.Hypotheses.Where(h => h.Verdict != HypothesisVerdict.Open).Select(h => h.Verdict == HypothesisVerdict.Confirmed
            ? Say.T($"hypothesis \"{h.Text}\" confirmed: {h.Evidence}", $"仮説「{h.Text}」は裏付けあり：{h.Evidence}")
            : Say.T($"hypothesis \"{h.Text}\" ruled out: {h.Evidence}", $"仮説「{h.Text}」は否定：{h.Evidence}")));
        tried.AddRange(incident.Runbooks.SelectMany(r => r.Answers.Where(a => a.Answer != StepAnswer.Approved)
            .Select(a => (Title: r.Steps[a.Step - 1], Note: a.Note is null ? "" : " — " + a.Note, a))
            .Select(x => Say.T(
                $"runbook {r.Runbook} step {x.a.Step} \"{x.Title}\": {x.a.Answer.ToString().ToLowerInvariant()}{x.Note}",
                $"Runbook {r.Runbook} の手順 {x.a.Step}「{x.Title}」：{Answer(x.a.Answer)}{x.Note}"))));
        return tried;
    }

    private static string Answer(StepAnswer answer) => answer switch
    {
        StepAnswer.Done => "完了",
        StepAnswer.Failed => "失敗",
        _ => "スキップ",
    };

    /// <summary>
    /// Seed 000's regret: a ticket written in a hurry while the team's own metrics already explained it.
    /// Said when nothing is saved as evidence and no hypothesis has been tested.
    /// </summary>
    private static IEnumerable<string> Caution(Incident incident, IReadOnlyList<string> quotes, IReadOnlyList<string> links) =>
        quotes.Count + links.Count == 0 && incident.Hypotheses.All(h => h.Verdict == HypothesisVerdict.Open)
            ? [Say.T("Caution: no evidence is saved and no hypothesis has been tested yet. Check your own metrics first (a traffic surge looks like a provider fault); save what you see with `/incident note`, then send the case.",
                "注意：まだ根拠が保存されておらず、検証した仮説もありません。まず自分たちのメトリクスを確認してください（トラフィックの急増は提供元の障害のように見えます）。見たことを `/incident note` で記録してから、ケースを送ってください。")]
            : [];

    private static string Urgency(Severity severity) => severity switch
    {
        Severity.Sev1 => Say.T("Production system down", "本番システムのダウン"),
        Severity.Sev2 => Say.T("Production system impaired", "本番システムの障害"),
        Severity.Sev3 => Say.T("System impaired", "システムの障害"),
        _ => Say.T("General guidance", "一般的なガイダンス"),
    };

    private static string Or(IReadOnlyList<string> found, string placeholder) => found.Count == 0 ? placeholder : string.Join(Say.T(", ", "、"), found);

    private static void Line(StringBuilder draft, string name, string value) => draft.Append(name).Append(Say.T(": ", "：")).Append(value).Append('\n');

    [GeneratedRegex(@"\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[^\s,]+|\b(?:i|vol|sg|subnet|vpc|eni|ami|snap)-[0-9a-f]{8,17}\b")]
    private static partial Regex ResourcePattern();

    [GeneratedRegex(@"\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:")]
    private static partial Regex AccountPattern();

}
