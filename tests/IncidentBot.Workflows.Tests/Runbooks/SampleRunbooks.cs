using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Tests.Runbooks;

internal static class SampleRunbooks
{
    public const string DbStorm = """
        ---
        id: db-storm
        title: Database connection storm
        summary: New connections arrive faster than the database accepts them.
        services: [rds, mysql]
        match:
          alerts: ["*ConnectionAttempts*"]
          labels: { team: dba }
          keywords: ["greeting packet", "too many connections"]
        severity: sev2
        verify:
          - "AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m"
        ---

        Introduction text.

        ## 1. Compare connections with attempts

        Open both graphs.

        ```sh
        aws cloudwatch get-metric-statistics --metric-name ConnectionAttempts
        ```

        **Expect:** attempts far above normal.

        **If not:** go to step 3.

        ## 2. Kill idle sessions

        Kill the sleeping sessions of the batch user.

        ```sql
        KILL 42;
        ```

        **Expect:** connections fall.

        **If not:** escalate to the DBA on call.

        **Destructive:** yes

        ## 3. Route reads to the reader

        Point the read pool at the reader endpoint.

        ```sh
        kubectl set env deploy/api DB_READ_HOST=reader
        ```

        **Expect:** attempts halve.

        **If not:** escalate to the database owner.
        """;

    public const string Cache = """
        ---
        id: cache-down
        title: Cache primary down
        summary: The cache primary died.
        services: [redis]
        match:
          keywords: ["redis", "cache"]
        ---

        ## 1. Check the group

        Describe it.

        ```sh
        aws elasticache describe-replication-groups
        ```

        **Expect:** a primary.

        **If not:** escalate.
        """;

    public static RunbookLibrary Library() => RunbookLibrary.Parse([("db-storm.md", DbStorm), ("cache-down.md", Cache)]);
}
