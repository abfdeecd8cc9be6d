using System.Globalization;
using System.Text.RegularExpressions;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>Every word of the draft in English and Japanese. A key missing in one language fails the locale test.</summary>
public static partial class PostmortemText
{
    internal static readonly Dictionary<string, (string En, string Ja)> Words = new()
    {
        ["title"] = ("Postmortem", "ポストモーテム"),
        ["created"] = ("Created", "作成日"),
        ["period"] = ("Incident period", "障害期間"),
        ["period.value"] = ("{0} – {1} ({2})", "{0} – {1}（`{2}`）"),
        ["author"] = ("Author", "作成者"),
        ["reviewers"] = ("Reviewers", "レビュアー"),
        ["status"] = ("Status", "ステータス"),
        ["status.draft"] = ("Draft", "下書き"),
        ["status.in-review"] = ("In review", "レビュー中"),
        ["status.approved"] = ("Approved", "承認済み"),
        ["status.published"] = ("Published", "公開済み"),
        ["action.item"] = ("#{0} {1} — {2}, due {3} ({4})", "#{0} {1} — 担当者 {2}、期限 {3}（{4}）"),
        ["action.open"] = ("open", "未完了"),
        ["action.done"] = ("done", "完了"),
        ["action.cancelled"] = ("cancelled", "取り消し"),
        ["severity"] = ("Severity", "重要度"),
        ["required"] = ("Postmortem required", "ポストモーテムの要否"),
        ["required.yes"] = ("Yes: {0}", "必要：{0}"),
        ["required.no"] = ("No: {0}", "不要：{0}"),
        ["required.unknown"] = ("Not known yet: see Still unknown", "未確定（「未確認の事項」を参照）"),
        ["summary"] = ("Summary", "概要"),
        ["impact"] = ("Impact", "影響"),
        ["root-cause"] = ("Root cause", "根本原因"),
        ["trigger"] = ("Trigger", "発生原因"),
        ["response"] = ("Response", "対応"),
        ["detection"] = ("Detection", "検知"),
        ["went-well"] = ("What went well", "うまくいったこと"),
        ["went-badly"] = ("What went badly", "うまくいかなかったこと"),
        ["lucky"] = ("Where we got lucky", "運が良かったこと"),
        ["notes"] = ("Notes", "補足"),
        ["action-items"] = ("Action items", "アクションアイテム"),
        ["timeline"] = ("Timeline", "タイムライン"),
        ["references"] = ("References", "参考資料"),
        ["ongoing"] = ("ongoing", "継続中"),
        ["nobody"] = ("nobody", "未割り当て"),
        ["none"] = ("none", "なし"),
        ["item"] = ("{0}: {1}", "{0}：{1}"),
        ["col.time"] = ("Time", "時刻"),
        ["col.who"] = ("Who", "実施者"),
        ["col.what"] = ("What", "内容"),
        ["roles"] = ("Roles", "役割"),
        ["role.commander"] = ("Commander", "インシデントコマンダー"),
        ["role.comms"] = ("Communications", "連絡担当"),
        ["role.scribe"] = ("Scribe", "記録担当"),
        ["role.investigators"] = ("Investigators", "調査担当"),
        ["handover"] = ("handed over from {0} to {1} at {2}", "{2} に {0} から {1} へ引き継ぎ"),
        ["handovers"] = (" ({0})", "（{0}）"),
        ["responders"] = ("Responders", "対応者"),
        ["timings"] = ("Timings", "所要時間"),
        ["t.detect"] = ("First sign to incident opened", "最初の兆候からインシデント開始まで"),
        ["t.ack"] = ("Opened to declared", "開始から宣言まで"),
        ["t.mitigate"] = ("Opened to first mitigation", "開始から最初の緩和策まで"),
        ["t.resolve"] = ("Opened to resolved", "開始から解決まで"),
        ["t.close"] = ("Opened to closed", "開始からクローズまで"),
        ["runbooks"] = ("Runbooks run", "実施した Runbook"),
        ["runbook.step"] = ("{0}. {1}: {2} {3} {4}", "{0}. {1}：{2}（{3}、{4}）"),
        ["answer.done"] = ("done", "完了"),
        ["answer.failed"] = ("failed", "失敗"),
        ["answer.skipped"] = ("skipped", "スキップ"),
        ["answer.approved"] = ("approved", "承認"),
        ["hypotheses"] = ("Hypotheses", "仮説"),
        ["verdict.open"] = ("still open", "未検証"),
        ["verdict.confirmed"] = ("confirmed by {0}: {1}", "裏付けあり（{0}）：{1}"),
        ["verdict.ruled-out"] = ("ruled out by {0}: {1}", "否定（{0}）：{1}"),
        ["work"] = ("Work and findings", "担当作業と調査結果"),
        ["claim"] = ("{0} ({1}, {2}): {3}", "{0}（{1}、{2}）：{3}"),
        ["claim.open"] = ("still open", "作業中"),
        ["claim.released"] = ("released", "担当を解除"),
        ["mitigations"] = ("Mitigations", "緩和策"),
        ["mitigation"] = ("{0}: {1}", "{0} {1}"),
        ["verify-failed"] = ("{0}: verification failed: {1}", "{0} 復旧確認に失敗：{1}"),
        ["verified-by"] = ("Verified by {0}", "確認者：{0}"),
        ["check"] = ("Check `{0}` ({1}): {2} at {3}", "確認項目 `{0}`（{1}）：{3} 時点で{2}"),
        ["check.Passing"] = ("passed", "合格"),
        ["check.Failing"] = ("failed", "不合格"),
        ["check.Pending"] = ("not decided", "判定待ち"),
        ["check.Error"] = ("unreadable", "読み取り不可"),
        ["check.TimedOut"] = ("timed out", "時間切れ"),
        ["detected.stated"] = ("Detected by {0}: {1}", "{0}による検知（{1}）。"),
        ["source.monitoring"] = ("monitoring", "監視"),
        ["source.person"] = ("a person on the team", "チームのメンバー"),
        ["source.customer"] = ("a customer", "顧客"),
        ["source.provider"] = ("the provider", "クラウド事業者などの提供元"),
        ["head.services"] = ("Services", "対象サービス"),
        ["head.impact-window"] = ("Users affected", "ユーザー影響の期間"),
        ["head.no-impact"] = ("none (stated)", "なし（申告済み）"),
        ["head.detected-by"] = ("Detected by", "検知経路"),
        ["head.verified"] = ("How recovery was verified", "復旧の確認方法"),
        ["head.removed"] = ("removed: {0}", "削除済み：{0}"),
        ["review-notes"] = ("Review notes", "レビュー時の注意"),
        ["detected.alert"] = ("Detected by {0}.", "{0} のアラートにより検知。"),
        ["detected.first-alert"] = ("{0} fired first, at {1} ({2}).", "最初に発火したアラート：{0}（{1}、{2}）。"),
        ["confirmed"] = ("Confirmed during the incident:", "対応中に裏付けが取れた仮説："),
        ["flag.DataLoss"] = ("Data loss: {0}", "データ消失：{0}"),
        ["flag.ManualIntervention"] = ("Manual intervention: {0}", "手作業による介入：{0}"),
        ["reason.downtime"] = ("users were affected for {0} (over {1})", "ユーザー影響が {0}継続（基準の {1}を超過）"),
        ["reason.data-loss"] = ("data was lost: {0}", "データ消失あり：{0}"),
        ["reason.manual"] = ("an engineer had to intervene by hand: {0}", "手作業による介入あり：{0}"),
        ["reason.resolution"] = ("resolution took {0} (over {1})", "解決までに {0}（基準の {1}を超過）"),
        ["reason.undetected.person"] = ("monitoring did not detect it: a person noticed it first", "監視で検知できず、チームのメンバーが先に発見"),
        ["reason.undetected.customer"] = ("monitoring did not detect it: a customer reported it", "監視で検知できず、顧客からの報告で発覚"),
        ["reason.none-known"] = ("none of the criteria known so far apply (impact under {0}, resolved within {1}, no data loss, no manual intervention); see what is still unknown",
            "現時点で判明している範囲では該当する基準なし（影響 {0}未満、{1}以内に解決、データ消失なし、手作業による介入なし）。「未確認の事項」を参照"),
        ["unknown"] = ("Still unknown", "未確認の事項"),
        ["unknown.impact"] = ("whether users were affected, and when: /incident impact <what users saw> --from 12:05 --to 12:45, or /incident impact none: <why>",
            "ユーザー影響の有無と期間：/incident impact <what users saw> --from 12:05 --to 12:45（影響がなければ /incident impact none: <why>）"),
        ["unknown.impact-window"] = ("when users were affected: /incident impact --from 12:05 --to 12:45",
            "ユーザー影響があった期間：/incident impact --from 12:05 --to 12:45"),
        ["unknown.detection"] = ("how it was detected: /incident detected-by monitoring|person|customer|provider <how>",
            "検知経路：/incident detected-by monitoring|person|customer|provider <how>"),
        ["reason.none"] = ("none of the criteria apply: impact under {0}, resolved within {1}, no data loss, no manual intervention, detected by monitoring",
            "該当する基準なし：影響 {0}未満、{1}以内に解決、データ消失なし、手作業による介入なし、監視で検知"),
        ["prompt.summary"] = ("In two or three sentences: what happened, to whom, and how it ended.",
            "何が起き、誰にどのような影響があり、どのように収束したかを 2〜3 文で書いてください。"),
        ["prompt.impact"] = ("Who was affected, how many, for how long, and what they could not do.",
            "影響を受けたユーザーとその規模、影響が続いた時間、できなくなったことを書いてください。"),
        ["prompt.root-cause"] = ("What in the system made this possible? Describe conditions and systems, not people.",
            "どのような仕組み・条件が重なって発生したかを書いてください。個人ではなく、システムと条件に着目します。"),
        ["prompt.trigger"] = ("What change or event set it off, and when?", "発生の直接のきっかけとなった変更や出来事と、その日時を書いてください。"),
        ["prompt.response"] = ("Anything the timeline does not show: decisions, and why they were made.", "タイムラインに残っていない判断と、その理由を書いてください。"),
        ["prompt.detection.known"] = ("Should an alert have fired sooner, or said more?", "アラートはもっと早く発火すべきでしたか。通知に足りない情報はありませんでしたか。"),
        ["prompt.detection"] = ("Which alert fired first, or which one should have?", "最初に発火したアラートはどれですか。発火しなかった場合、どのアラートが発火すべきでしたか。"),
        ["prompt.went-well"] = ("What helped: tools, runbooks, people, habits.", "対応の助けになったもの（ツール、Runbook、人、日頃の習慣など）を書いてください。"),
        ["prompt.went-badly"] = ("What slowed the response or made it worse.", "対応を遅らせたことや、状況を悪化させたことを書いてください。"),
        ["prompt.lucky"] = ("What could have made this much worse, but did not.", "もっと悪化していてもおかしくなかったのに、そうならずに済んだことを書いてください。"),
        ["prompt.action-items"] = ("Each with an owner and a due date: what stops this from happening again, or finds it sooner.",
            "再発防止や早期検知のためのアクションを、担当者と期限を決めて書いてください。"),
        ["prompt.reviewers"] = ("Name at least one reviewer.", "レビュアーを 1 人以上指名してください。"),
        ["prompt.author"] = ("Who writes this postmortem?", "このポストモーテムは誰が書きますか。"),
        ["blameless"] = ("\"{0}\" names a person as the cause. {1}", "「{0}」は個人を原因とする書き方になっています。{1}"),
        ["blameless.suggest"] = ("Say what the system allowed instead, e.g. \"the deploy had no check for X\".",
            "代わりに、仕組みの何がそれを許したかを書いてください（例：「デプロイ手順に X の確認がなかった」）。"),
    };

    public static string T(string locale, string key, params object[] args)
    {
        var (en, ja) = Words[key];
        var format = locale == "ja" ? ja : en;
        return args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
    }

    /// <summary>Items of a list in one line: <c>a; b</c>, in Japanese <c>a／b</c>.</summary>
    public static string Join(string locale, IEnumerable<string> items) => string.Join(locale == "ja" ? "／" : "; ", items);

    /// <summary>Names in one line: <c>@a, @b</c>, in Japanese <c>@a、@b</c>.</summary>
    public static string Comma(string locale, IEnumerable<string> items) => string.Join(locale == "ja" ? "、" : ", ", items);

    /// <summary>
    /// Reasons <see cref="PostmortemRequirement"/> gave in English (<c>a; b</c>, as an event keeps them) in
    /// <paramref name="locale"/>, their durations too; words it did not write stay as they are.
    /// </summary>
    public static string Reasons(string locale, string english)
    {
        ArgumentNullException.ThrowIfNull(english);
        if (locale != "ja")
        {
            return english;
        }

        return Reason(english) ?? Join(locale, english.Split("; ").Select(part => Reason(part) ?? part));
    }

    private static string? Reason(string english)
    {
        foreach (var (_, (en, ja)) in Words.Where(w => w.Key.StartsWith("reason.", StringComparison.Ordinal)))
        {
            if (new Language.Words(en, ja).ValuesIn(english) is { } values)
            {
                object[] args = [.. values.Select(v => EnglishDuration().Match(v) is { Success: true } d ? Duration("ja", DurationOf(d)) : v)];
                return string.Format(CultureInfo.InvariantCulture, ja, args);
            }
        }

        return null;
    }

    private static TimeSpan DurationOf(Match d) =>
        TimeSpan.FromHours(Number(d.Groups["h"])) + TimeSpan.FromMinutes(Number(d.Groups["m"])) + TimeSpan.FromSeconds(Number(d.Groups["s"]));

    private static int Number(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>A duration as <see cref="Duration"/> writes it in English: <c>1h 5m</c>, <c>20m</c>, <c>30s</c>.</summary>
    [GeneratedRegex(@"^(?:(?<h>\d+)h (?<m>\d+)m|(?<m>\d+)m|(?<s>\d+)s)$")]
    private static partial Regex EnglishDuration();

    public static string Duration(string locale, TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        var hours = (int)span.TotalHours;
        var minutes = span.Minutes;
        return locale == "ja"
            ? hours > 0 ? $"{hours} 時間 {minutes} 分" : span.TotalMinutes >= 1 ? $"{minutes} 分" : $"{(int)span.TotalSeconds} 秒"
            : hours > 0 ? $"{hours}h {minutes}m" : span.TotalMinutes >= 1 ? $"{minutes}m" : $"{(int)span.TotalSeconds}s";
    }
}
