using System.Text;

namespace IncidentBot.Workflows.Verification;

/// <summary>
/// A small chart in one line of block characters (▁▂▃▄▅▆▇█), for chat messages where an image would
/// need hosting. Long series are averaged into at most <see cref="Width"/> columns.
/// </summary>
public static class Sparkline
{
    public const int Width = 40;
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>The chart, scaled so that <paramref name="threshold"/> (when given) is on it too; empty for no points.</summary>
    public static string Render(IReadOnlyList<MetricPoint> points, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return "";
        }

        var ordered = points.OrderBy(p => p.At).Select(p => p.Value).ToList();
        var columns = Columns(ordered);
        var low = Math.Min(columns.Min(), threshold ?? double.MaxValue);
        var high = Math.Max(columns.Max(), threshold ?? double.MinValue);
        var text = new StringBuilder(columns.Count);
        foreach (var value in columns)
        {
            var level = high - low < 1e-9 ? 0 : (int)Math.Round((value - low) / (high - low) * (Blocks.Length - 1));
            text.Append(Blocks[level]);
        }

        return text.ToString();
    }

    private static List<double> Columns(List<double> values)
    {
        if (values.Count <= Width)
        {
            return values;
        }

        var columns = new List<double>(Width);
        for (var i = 0; i < Width; i++)
        {
            var start = i * values.Count / Width;
            var end = (i + 1) * values.Count / Width;
            columns.Add(values.Skip(start).Take(end - start).Average());
        }

        return columns;
    }
}
