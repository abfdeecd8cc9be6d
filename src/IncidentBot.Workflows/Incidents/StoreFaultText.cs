using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Incidents;

/// <summary>One sentence for a store fault: what failed, where, whether anything was recorded, and what to do.</summary>
public static class StoreFaultText
{
    public static string Sentence(StoreUnavailableException fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var where = fault.Where;
        return fault.Fault switch
        {
            StoreFault.DiskFull => Say.T(
                $"Nothing was recorded: the disk that holds the bot's database ({where}) is full. Free space there or move the database to a larger disk; the bot carries on by itself once it can write, so send the command again then.",
                $"何も記録していません。ボットのデータベース（{where}）があるディスクがいっぱいです。空き容量を作るか、データベースを大きなディスクに移してください。書き込めるようになればボットは自動的に再開するので、そのあとでコマンドを送り直してください。"),
            StoreFault.ReadOnly => Say.T(
                $"Nothing was recorded: the bot's database ({where}) or its folder cannot be written (read-only). Make both writable for the bot's user; the bot carries on by itself once it can write, so send the command again then.",
                $"何も記録していません。ボットのデータベース（{where}）またはそのフォルダーに書き込めません（読み取り専用）。ボットの実行ユーザーが書き込めるようにしてください。書き込めるようになればボットは自動的に再開するので、そのあとでコマンドを送り直してください。"),
            StoreFault.Locked => Say.T(
                $"Nothing was recorded: another process is holding the bot's database ({where}) locked. Stop whatever holds it (a sqlite3 shell or backup tool left in a transaction), then send the command again.",
                $"何も記録していません。別のプロセスがボットのデータベース（{where}）をロックしたままです。ロックしているもの（トランザクション中の sqlite3 シェルやバックアップツールなど）を止めてから、コマンドを送り直してください。"),
            StoreFault.Damaged => Say.T(
                $"Nothing was recorded: the bot's database ({where}) is damaged or is not the bot's ({fault.Detail}). Restore it from a backup (`restore <file>`) or point the bot at the right file.",
                $"何も記録していません。ボットのデータベース（{where}）が壊れているか、ボットのものではありません（{fault.Detail}）。バックアップから戻す（`restore <file>`）か、正しいファイルを指定してください。"),
            StoreFault.Unreachable => Say.T(
                $"Nothing was recorded: the bot's database server ({where}) does not answer ({fault.Detail}). Check that it runs and that this replica can reach it; the bot carries on by itself once it answers, so send the command again then.",
                $"何も記録していません。ボットのデータベースサーバー（{where}）が応答しません（{fault.Detail}）。サーバーが動いていて、このレプリカから接続できるか確認してください。応答が戻ればボットは自動的に再開するので、そのあとでコマンドを送り直してください。"),
            StoreFault.LostMidCommit => Say.T(
                $"The bot's database server ({where}) stopped answering while this command was being saved ({fault.Detail}), so the bot cannot tell whether it was recorded. Once the server answers, check `/incident timeline`, and send the command again only if it is not there.",
                $"このコマンドの保存中にボットのデータベースサーバー（{where}）が応答しなくなりました（{fault.Detail}）。記録されたかどうかボットには分かりません。サーバーが応答するようになったら `/incident timeline` を確認し、記録されていない場合だけコマンドを送り直してください。"),
            _ => Say.T(
                $"Nothing was recorded: the disk holding the bot's database ({where}) reported an error ({fault.Detail}). Check the disk; the bot carries on by itself once it can write, so send the command again then.",
                $"何も記録していません。ボットのデータベース（{where}）があるディスクでエラーが起きました（{fault.Detail}）。ディスクを確認してください。書き込めるようになればボットは自動的に再開するので、そのあとでコマンドを送り直してください。"),
        };
    }
}
