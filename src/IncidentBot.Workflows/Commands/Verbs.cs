using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Commands;

/// <summary>The command language, one verb a row. Help, usage and "did you mean" are read from here.</summary>
public static class Verbs
{
    public static readonly IReadOnlyList<VerbSpec> All =
    [
        new("start", "/incident start [sev1-4] [--triage] <title>", new Words("Open an incident (declared, in triage; with --triage it waits in detected for someone to declare it).",
            "インシデントを開始します（宣言済みとしてトリアージから始まります。`--triage` を付けると、誰かが宣言するまで検知の段階で待ちます）。"), "open", "new") { Global = true },
        new("declare", "/incident declare", new Words("Declare a detected incident: it moves to triage.",
            "検知段階のインシデントを宣言し、トリアージに進めます。")),
        new("dismiss", "/incident dismiss [reason]", new Words("Dismiss a detected incident that is not one (a false alarm).",
            "インシデントではなかった検知（誤検知）を却下します。")),
        new("sev", "/incident sev <1-4>", new Words("Set or change the severity (also /incident sev2).",
            "重要度を設定・変更します（`/incident sev2` の形でも指定できます）。"), "severity"),
        new("title", "/incident title <new title>", new Words("Rename the incident.",
            "インシデントのタイトルを変更します。")),
        new("summary", "/incident summary <text>", new Words("Say what is going on, in a sentence or two.",
            "何が起きているかを 1〜2 文で書きます。")),
        new("impact", "/incident impact <what users see> [--from 12:05] [--to 12:45] | none[: why]", new Words("Record the user impact and when users were affected (the postmortem's downtime comes from this alone), or that they were not.",
            "ユーザーへの影響と、影響があった時間帯を記録します（ポストモーテムのダウンタイムはこの記録だけから求めます）。影響がなかった場合は、そのことを記録します。")),
        new("detected-by", "/incident detected-by monitoring|person|customer|provider [how]", new Words("Say how the incident was detected; the postmortem asks until someone does (an alert that opened it counts as monitoring).",
            "インシデントをどう検知したかを記録します。記録されるまでポストモーテムが尋ね続けます（アラートで開始したインシデントは `monitoring` とみなします）。")),
        new("services", "/incident services <service>[, <service>...]", new Words("Set the affected services.",
            "影響を受けたサービスを設定します。"), "service"),
        new("role", "/incident role <commander|comms|scribe|investigator> <@user|me|none>", new Words("Give a role to someone (a handover when someone had it). Investigators: add --remove to take one off.",
            "役割を割り当てます（既に担当者がいれば引き継ぎになります）。調査担当を外すには `--remove` を付けます。")),
        new("claim", "/incident claim <what you will do>", new Words("Put work on the board as yours, so nobody does it twice.",
            "作業を自分の担当作業としてボードに載せ、同じ作業の重複を防ぎます。")),
        new("release", "/incident release [#claim]", new Words("Give up a claim so someone else can take it.",
            "担当作業を手放し、他の人が引き取れるようにします。")),
        new("done", "/incident done [#claim] <what you found>", new Words("Finish a claim with its finding.",
            "担当作業を調査結果とともに完了します。")),
        new("hypothesis", "/incident hypothesis <text> | confirm #n <evidence> | rule-out #n <evidence>", new Words("Track a hypothesis and what confirmed or ruled it out.",
            "仮説と、それを裏付けた根拠・否定した根拠を記録します。"), "hypo", "h"),
        new("note", "/incident note [--at 12:22] <text>", new Words("Add an entry to the timeline, backdated with --at (the backdating is recorded).",
            "タイムラインにメモを追加します。`--at` で時刻をさかのぼって記録できます（さかのぼったことも記録されます）。"), "log"),
        new("correct", "/incident correct #<entry> <corrected text>", new Words("Correct a timeline entry: the correction supersedes it, the original stays.",
            "タイムラインの記録を訂正します。訂正が元の記録に代わり、元の記録も残ります。")),
        new("runbook", "/incident runbook [<id>]", new Words("Start a runbook and show its current step; without an id, the progress of running runbooks or the ones that fit.",
            "Runbook を開始し、現在の手順を表示します。`<id>` を省略すると、実行中の Runbook の進み具合か、当てはまる Runbook を表示します。")),
        new("step", "/incident step <done|failed|skip|approve> [<runbook>#<n>] [note]", new Words("Answer the current runbook step (failed and skip need a note; approve is the commander's, for destructive steps).",
            "Runbook の現在の手順に回答します（`failed` と `skip` にはメモが必要です。`approve` は破壊的な手順に対するインシデントコマンダーの承認です）。")),
        new("check", VerificationDecider.Usage, new Words("Verification checks on metrics, read against CloudWatch while verifying: list them, add one (`AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m`), remove one with a reason, or read timed-out ones again.",
            "メトリクスに対する確認項目です。復旧確認中に CloudWatch で読み取ります。一覧表示、追加（`AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m`）、理由を添えた削除、時間切れになった確認項目の読み直しができます。"), "checks"),
        new("support-case", "/incident support-case", new Words("Draft a cloud support inquiry from the incident's own facts.",
            "インシデントの記録から、クラウドのサポートケースへの問い合わせを下書きします。"), "support"),
        new("recover", "/incident recover", new Words("Start recovery (needs a commander and a severity).",
            "復旧対応を開始します（インシデントコマンダーと重要度が必要です）。"), "recovering"),
        new("mitigated", "/incident mitigated <what was done>", new Words("The fix is in: start verifying it.",
            "対処が済んだので、復旧確認を始めます。"), "mitigate"),
        new("verified", "/incident verified [note]", new Words("Confirm the fix held for users (its verification checks must pass): you become the verifier, the incident moves to reporting.",
            "ユーザーにとって復旧したことを確認します（確認項目がすべて合格している必要があります）。あなたが確認者になり、インシデントは報告書作成中に進みます。"), "verify"),
        new("verify-failed", "/incident verify-failed <what is still wrong>", new Words("Verification failed: back to recovering.",
            "復旧確認に失敗したので、復旧対応中に戻します。"), "unverified", "failed"),
        new("resolve", "/incident resolve <reason>", new Words("Commander only: move to reporting without verification, with the reason.",
            "インシデントコマンダーのみ：理由を添えて、復旧確認なしで報告書作成中に進めます。"), "resolved"),
        new("reopen", "/incident reopen <reason>", new Words("It came back: from reporting to recovering.",
            "再発したので、報告書作成中から復旧対応中に戻します。")),
        new("close", "/incident close [--no-postmortem <reason>]", new Words("Close the incident once the postmortem is settled.",
            "ポストモーテムの扱いが決まったら、インシデントをクローズします。"), "closed"),
        new("cancel", "/incident cancel [reason]", new Words("Cancel an incident in triage that turned out not to be one.",
            "トリアージ中に、インシデントではないと分かったものを取り消します。")),
        new("postmortem", "/incident postmortem [write <section> <text>|review|approve|publish]", new Words("Regenerate the draft (required or not, and why; blame to reword; where to read it), write a section in your words (summary, impact, root-cause, trigger, detection, went-well, went-badly, lucky, notes; n/a <reason> when one does not apply), or move it draft → in review → approved → published.",
            "下書きを作り直す（ポストモーテムの要否とその理由、言い換えるべき非難の表現、読める場所）、セクションを自分の言葉で書く（`summary`、`impact`、`root-cause`、`trigger`、`detection`、`went-well`、`went-badly`、`lucky`、`notes`。当てはまらないセクションは `n/a <reason>`）、または 下書き → レビュー中 → 承認済み → 公開済み の順に進めます。"), "pm"),
        new("reviewer", "/incident reviewer @user [@user...]", new Words("Ask people to review the postmortem.",
            "ポストモーテムのレビューを依頼します。"), "reviewers"),
        new("action", "/incident action <what> @owner due 2026-02-01 | done #n [note] | cancel #n <reason>", new Words("Track follow-up work with an owner and a due date.",
            "担当者と期限を決めて、フォローアップ作業（アクションアイテム）を管理します。")),
        new("actions", "/incident actions", new Words("List open action items across incidents, overdue first.",
            "全インシデントの未完了のアクションアイテムを、期限切れのものから順に一覧表示します。")) { Global = true },
        new("flag", "/incident flag <data-loss|manual> <what happened>", new Words("Record data loss, or a manual intervention (rollback, data patch): both make a postmortem required.",
            "データ消失や手作業による介入（ロールバック、データ修正）を記録します。どちらもポストモーテムが必須になります。")),
        new("status", "/incident status", new Words("Show the incident card.",
            "インシデントカードを表示します。"), "show", "info"),
        new("timeline", "/incident timeline", new Words("Show the timeline.",
            "タイムラインを表示します。")),
        new("list", "/incident list [--all]", new Words("List the open incidents (with --all, finished ones too).",
            "対応中のインシデントを一覧表示します（`--all` を付けると終了したものも含めます）。"), "ls") { Global = true },
        new("help", "/incident help [verb]", new Words("Show the commands, or one verb's usage.",
            "コマンドの一覧、または指定したコマンドの使い方を表示します。"), "?") { Global = true },
    ];

    public static VerbSpec? Find(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var lower = word.ToLowerInvariant();
        foreach (var verb in All)
        {
            if (verb.Name == lower || verb.Aliases.Contains(lower))
            {
                return verb;
            }
        }

        return null;
    }

    /// <summary>The verb nearest to a mistyped word: a prefix first, else the smallest edit distance.</summary>
    public static VerbSpec Closest(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var lower = word.ToLowerInvariant();
        var prefixed = All.FirstOrDefault(v => lower.Length >= 2 && v.Name.StartsWith(lower, StringComparison.Ordinal));
        if (prefixed is not null)
        {
            return prefixed;
        }

        return All
            .SelectMany(v => v.Aliases.Prepend(v.Name).Select(name => (Verb: v, Distance: EditDistance(lower, name))))
            .MinBy(x => x.Distance).Verb;
    }

    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
