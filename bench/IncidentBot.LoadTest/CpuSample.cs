using System.Globalization;

namespace IncidentBot.LoadTest;

/// <summary>
/// Where the machine's CPU went between two samples, from /proc: the bot replicas, this load
/// generator, every PostgreSQL process (server and backends), and the rest. On two shared cores this
/// says who the bottleneck is before any profiler does.
/// </summary>
internal sealed class CpuSample
{
    private readonly long _total;
    private readonly long _idle;
    private readonly long[] _bots;
    private readonly long _self;
    private readonly long _postgres;

    private CpuSample(long total, long idle, long[] bots, long self, long postgres) =>
        (_total, _idle, _bots, _self, _postgres) = (total, idle, bots, self, postgres);

    public static CpuSample Take(IReadOnlyList<int> botPids)
    {
        // First line of /proc/stat: user nice system idle iowait irq softirq steal ..., in clock ticks over all cores.
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var postgres = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Ticks(pid, out var name) is var ticks && name == "postgres")
            {
                postgres += ticks;
            }
        }

        return new CpuSample(cpu.Sum(), cpu[3] + cpu[4], [.. botPids.Select(p => Ticks(p, out _))], Ticks(Environment.ProcessId, out _), postgres);
    }

    /// <summary>One line: each share in percent of the whole machine (all cores), from <paramref name="before"/> to this sample.</summary>
    public string Since(CpuSample before)
    {
        var total = (double)Math.Max(1, _total - before._total);
        string Share(long ticks) => (ticks / total).ToString("P0", CultureInfo.InvariantCulture);
        var bots = string.Join(" + ", _bots.Select((t, i) => Share(t - before._bots[i])));
        var busy = total - (_idle - before._idle);
        var known = _bots.Select((t, i) => t - before._bots[i]).Sum() + (_self - before._self) + (_postgres - before._postgres);
        return $"CPU of {Environment.ProcessorCount} cores: busy {Share((long)busy)}; bot {bots}, PostgreSQL {Share(_postgres - before._postgres)}, load generator {Share(_self - before._self)}, other {Share(Math.Max(0, (long)busy - known))}";
    }

    /// <summary>utime + stime of a process, and its command name; 0 when it is gone.</summary>
    private static long Ticks(int pid, out string name)
    {
        name = "";
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            name = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            // Fields 14 and 15 of the file; here counted from field 3 (state).
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0; // exited between the listing and the read
        }
    }
}
