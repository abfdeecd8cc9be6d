using System.Globalization;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>Every word of the draft in English and Japanese. A key missing in one language fails the locale test.</summary>
public static class PostmortemText
{
    internal static readonly Dictionary<string, (string En, string Ja)> Words = new()
    {
        ["title"] = ("Postmortem", "ポストモーテム"),
        ["created"] = ("Created", "作成日"),
        ["period"] = ("Incident period", "障害期間"),
        ["author"] = ("Author", "作成者"),
        ["reviewers"] = ("Reviewers", "レビュアー"),
        ["status"] = ("Status", "ステータス"),
        ["status.draft"] = ("Draft", "下書き"),
        ["status.in-review"] = ("In review", "レビュー中"),
        ["status.approved"] = ("Approved", "承認済み"),
        ["status.published"] = ("Published", "公開済み"),
        ["action.item"] = ("#{0} {1} — {2}, due {3} ({4})", "#{0} {1} — {2}、期限 {3}（{4}）"),
        ["action.open"] = ("open", "未完了"),
        ["action.done"] = ("done", "完了"),
        ["action.cancelled"] = ("cancelled", "取り消し"),
        ["severity"] = ("Severity", "重要度"),
        ["required"] = ("Postmortem required", "ポストモーテムの要否"),
        ["required.yes"] = ("Yes", "必要"),
        ["required.no"] = ("No", "不要"),
        ["required.unknown"] = ("Not known yet: see Still unknown", "未確定: 「未確認」を参照"),
        ["summary"] = ("Summary", "概要"),
        ["impact"] = ("Impact", "影響"),
        ["root-cause"] = ("Root cause", "根本原因"),
        ["trigger"] = ("Trigger", "トリガー"),
        ["response"] = ("Response", "対応"),
        ["detection"] = ("Detection", "検知"),
        ["went-well"] = ("What went well", "うまくいったこと"),
        ["went-badly"] = ("What went badly", "うまくいかなかったこと"),
        ["lucky"] = ("Where we got lucky", "幸運だったこと"),
        ["notes"] = ("Notes", "補足"),
        ["action-items"] = ("Action items", "アクションアイテム"),
        ["timeline"] = ("Timeline", "タイムライン"),
        ["references"] = ("References", "参考資料"),
        ["ongoing"] = ("ongoing", "継続中"),
        ["nobody"] = ("nobody", "なし"),
        ["none"] = ("none", "なし"),
        ["col.time"] = ("Time", "時刻"),
        ["col.who"] = ("Who", "誰が"),
        ["col.what"] = ("What", "内容"),
        ["roles"] = ("Roles", "役割"),
        ["role.commander"] = ("Commander", "指揮者"),
        ["role.comms"] = ("Communications", "連絡担当"),
        ["role.scribe"] = ("Scribe", "記録担当"),
        ["role.investigators"] = ("Investigators", "調査担当"),
        ["handover"] = ("handed over from {0} to {1} at {2}", "{2} に {0} から {1} へ交代"),
        ["responders"] = ("Responders", "対応者"),
        ["timings"] = ("Timings", "所要時間"),
        ["t.detect"] = ("First sign to incident opened", "最初の兆候から起票まで"),
        ["t.ack"] = ("Opened to declared", "起票から宣言まで"),
        ["t.mitigate"] = ("Opened to first mitigation", "起票から最初の緩和まで"),
        ["t.resolve"] = ("Opened to resolved", "起票から解決まで"),
        ["t.close"] = ("Opened to closed", "起票からクローズまで"),
        ["runbooks"] = ("Runbooks run", "実施したランブック"),
        ["hypotheses"] = ("Hypotheses", "仮説"),
        ["verdict.open"] = ("still open", "未検証"),
        ["verdict.confirmed"] = ("confirmed by {0}", "{0} が確認"),
        ["verdict.ruled-out"] = ("ruled out by {0}", "{0} が否定"),
        ["work"] = ("Work and findings", "作業と発見"),
        ["claim.open"] = ("still open", "作業中"),
        ["claim.released"] = ("released", "手放した"),
        ["mitigations"] = ("Mitigations", "緩和策"),
        ["mitigation"] = ("{0}: {1}", "{0}: {1}"),
        ["verify-failed"] = ("{0}: verification failed: {1}", "{0}: 検証失敗: {1}"),
        ["verified-by"] = ("Verified by {0}", "検証者: {0}"),
        ["check"] = ("Check `{0}` ({1}): {2} at {3}", "チェック `{0}`（{1}）: {3} に{2}"),
        ["check.passing"] = ("passed", "合格"),
        ["check.failing"] = ("failed", "不合格"),
        ["check.pending"] = ("not decided", "判定待ち"),
        ["check.unreadable"] = ("unreadable", "読み取り不可"),
        ["check.timed out"] = ("timed out", "時間切れ"),
        ["detected.stated"] = ("Detected by {0}: {1}", "検知: {0}（{1}）"),
        ["source.monitoring"] = ("monitoring", "監視"),
        ["source.person"] = ("a person on the team", "チームの人"),
        ["source.customer"] = ("a customer", "顧客"),
        ["source.provider"] = ("the provider", "提供元（クラウド事業者など）"),
        ["head.services"] = ("Services", "対象サービス"),
        ["head.impact-window"] = ("Users affected", "ユーザー影響の期間"),
        ["head.no-impact"] = ("none (stated)", "なし（申告済み）"),
        ["head.detected-by"] = ("Detected by", "検知"),
        ["head.verified"] = ("How recovery was verified", "復旧の確認方法"),
        ["review-notes"] = ("Review notes", "レビューメモ"),
        ["detected.alert"] = ("Detected by {0}.", "{0} により検知。"),
        ["detected.first-alert"] = ("{0} fired first, at {1} ({2}).", "最初に鳴ったアラート: {0}（{1}、{2}）。"),
        ["confirmed"] = ("Confirmed during the incident:", "対応中に確認された仮説:"),
        ["flag.DataLoss"] = ("Data loss: {0}", "データ消失: {0}"),
        ["flag.ManualIntervention"] = ("Manual intervention: {0}", "手動介入: {0}"),
        ["reason.downtime"] = ("users were affected for {0} (over {1})", "ユーザー影響が {0} 続いた（{1} 超）"),
        ["reason.data-loss"] = ("data was lost: {0}", "データが失われた: {0}"),
        ["reason.manual"] = ("an engineer had to intervene by hand: {0}", "エンジニアの手動介入が必要だった: {0}"),
        ["reason.resolution"] = ("resolution took {0} (over {1})", "解決まで {0} かかった（{1} 超）"),
        ["reason.undetected.person"] = ("monitoring did not detect it: a person noticed it first", "監視で検知できず、人が先に気づいた"),
        ["reason.undetected.customer"] = ("monitoring did not detect it: a customer reported it", "監視で検知できず、顧客からの報告で気づいた"),
        ["reason.none-known"] = ("none of the criteria known so far apply (impact under {0}, resolved within {1}, no data loss, no manual intervention); see what is still unknown",
            "現時点で分かっている範囲ではどの基準にも該当しない（影響 {0} 未満、{1} 以内に解決、データ消失なし、手動介入なし）。未確認の事項を参照"),
        ["unknown"] = ("Still unknown", "未確認"),
        ["unknown.impact"] = ("whether users were affected, and when: /incident impact <what users saw> --from 12:05 --to 12:45, or /incident impact none: <why>",
            "ユーザー影響の有無と期間: /incident impact <内容> --from 12:05 --to 12:45、影響がなければ /incident impact none: <理由>"),
        ["unknown.impact-window"] = ("when users were affected: /incident impact --from 12:05 --to 12:45",
            "ユーザー影響があった期間: /incident impact --from 12:05 --to 12:45"),
        ["unknown.detection"] = ("how it was detected: /incident detected-by monitoring|person|customer|provider <how>",
            "どのように検知したか: /incident detected-by monitoring|person|customer|provider <経緯>"),
        ["reason.none"] = ("none of the criteria apply: impact under {0}, resolved within {1}, no data loss, no manual intervention, detected by monitoring",
            "いずれの基準にも該当しない: 影響 {0} 未満、{1} 以内に解決、データ消失なし、手動介入なし、監視で検知"),
        ["prompt.summary"] = ("In two or three sentences: what happened, to whom, and how it ended.", "何が起き、誰に影響し、どう収束したかを 2〜3 文で。"),
        ["prompt.impact"] = ("Who was affected, how many, for how long, and what they could not do.", "誰が・何人が・どれだけの時間・何をできなかったか。"),
        ["prompt.root-cause"] = ("What in the system made this possible? Describe conditions and systems, not people.", "何がこの障害を可能にしたか。人ではなく、条件と仕組みを書く。"),
        ["prompt.trigger"] = ("What change or event set it off, and when?", "何の変更・出来事がきっかけで、それはいつか。"),
        ["prompt.response"] = ("Anything the timeline does not show: decisions, and why they were made.", "タイムラインに現れない判断とその理由。"),
        ["prompt.detection.known"] = ("Should an alert have fired sooner, or said more?", "もっと早く鳴るべき、あるいはもっと多くを伝えるべきアラートはあったか。"),
        ["prompt.detection"] = ("Which alert fired first, or which one should have?", "最初に鳴ったアラートはどれか、あるいは鳴るべきだったアラートはどれか。"),
        ["prompt.went-well"] = ("What helped: tools, runbooks, people, habits.", "役に立ったもの: ツール、ランブック、人、習慣。"),
        ["prompt.went-badly"] = ("What slowed the response or made it worse.", "対応を遅らせたもの、悪化させたもの。"),
        ["prompt.lucky"] = ("What could have made this much worse, but did not.", "もっと悪くなり得たが、そうならなかったこと。"),
        ["prompt.action-items"] = ("Each with an owner and a due date: what stops this from happening again, or finds it sooner.", "再発防止・早期検知のための対応を、担当者と期限つきで。"),
        ["prompt.reviewers"] = ("Name at least one reviewer.", "レビュアーを 1 人以上指名する。"),
        ["prompt.author"] = ("Who writes this postmortem?", "このポストモーテムを書くのは誰か。"),
        ["blameless"] = ("\"{0}\" names a person as the cause. {1}", "「{0}」は人を原因としている。{1}"),
        ["blameless.suggest"] = ("Say what the system allowed instead, e.g. \"the deploy had no check for X\".", "代わりに仕組みが何を許したかを書く（例: 「デプロイ手順に X の確認がなかった」）。"),
    };

    public static string T(string locale, string key, params object[] args)
    {
        var (en, ja) = Words[key];
        var format = locale == "ja" ? ja : en;
        return args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
    }

    public static string Duration(string locale, TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        var hours = (int)span.TotalHours;
        var minutes = span.Minutes;
        return locale == "ja"
            ? hours > 0 ? $"{hours}時間{minutes}分" : span.TotalMinutes >= 1 ? $"{minutes}分" : $"{(int)span.TotalSeconds}秒"
            : hours > 0 ? $"{hours}h {minutes}m" : span.TotalMinutes >= 1 ? $"{minutes}m" : $"{(int)span.TotalSeconds}s";
    }
}
