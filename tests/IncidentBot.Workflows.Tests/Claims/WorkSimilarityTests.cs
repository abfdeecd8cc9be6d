using IncidentBot.Workflows.Claims;

namespace IncidentBot.Workflows.Tests.Claims;

public class WorkSimilarityTests
{
    [Theory]
    [InlineData("check RDS ConnectionAttempts", "Check rds connection-attempts")]
    [InlineData("restart redis primary", "restart the redis primary")]
    [InlineData("fail over the Aurora writer", "failover aurora writer")]
    [InlineData("ｃｈｅｃｋ ＲＤＳ ＣＰＵ", "check RDS CPU")]
    [InlineData("RDSの接続数を確認", "RDS 接続数を確認する")]
    [InlineData("memcachedのCPU使用率を確認", "memcached CPU使用率 確認")]
    [InlineData("fluent-bit のバッファ設定を確認", "fluent-bitのバッファ設定確認")]
    [InlineData("roll back deploy 1234", "rollback deploy #1234")]
    public void SameWork_IsRecognised(string a, string b) =>
        Assert.True(WorkSimilarity.IsSameWork(a, b), $"dice {WorkSimilarity.Dice(WorkSimilarity.Normalize(a), WorkSimilarity.Normalize(b)):F2}");

    [Theory]
    [InlineData("check RDS CPU", "check RDS ConnectionAttempts")]
    [InlineData("restart redis primary", "restart kafka broker 2")]
    [InlineData("check kafka broker 1", "check kafka broker 2")]
    [InlineData("memcachedの負荷を調べる", "DBの負荷を調べる")]
    [InlineData("check redis", "check redis replication lag on the replica")]
    [InlineData("SHOW FULL PROCESSLIST on the writer", "SHOW FULL PROCESSLIST on the reader")]
    [InlineData("ログの欠損を調べる", "ログの転送遅延を調べる")]
    public void DifferentWork_IsNotConfused(string a, string b) =>
        Assert.False(WorkSimilarity.IsSameWork(a, b), $"dice {WorkSimilarity.Dice(WorkSimilarity.Normalize(a), WorkSimilarity.Normalize(b)):F2}");

    [Fact]
    public void Normalize_FoldsWidthCaseAndPunctuation() =>
        Assert.Equal("checkrdscpu使用率", WorkSimilarity.Normalize("Check ＲＤＳ-CPU 使用率!"));
}
