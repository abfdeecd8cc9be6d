using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>
/// The YAML front matter as written, with the line of each field so problems point at it. Read from
/// YamlDotNet's node model rather than its object deserializer: no reflection, a fraction of the
/// start-up cost, and unknown fields are reported instead of thrown.
/// </summary>
internal sealed class RunbookFrontMatter
{
    public Dictionary<string, int> Lines { get; } = [];
    public string? Id { get; private set; }
    public string? Title { get; private set; }
    public string? Summary { get; private set; }
    public List<string> Services { get; private set; } = [];
    public List<string> Alerts { get; private set; } = [];
    public Dictionary<string, string> Labels { get; private set; } = [];
    public List<string> Keywords { get; private set; } = [];
    public string? Severity { get; private set; }
    public List<string> Verify { get; private set; } = [];

    public int Line(string field) => Lines.GetValueOrDefault(field, 2);

    /// <summary>Reads the front matter; <paramref name="firstLine"/> is the file line of its first line.</summary>
    public static RunbookFrontMatter Read(string yaml, int firstLine, Action<int, string> problem)
    {
        var front = new RunbookFrontMatter();
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problem(firstLine, "the front matter is not a set of 'field: value' lines");
            return front;
        }

        int LineOf(YamlNode node) => firstLine + (int)node.Start.Line - 1;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            front.Lines[key] = LineOf(keyNode);
            switch (key)
            {
                case "id": front.Id = Scalar(value); break;
                case "title": front.Title = Scalar(value); break;
                case "summary": front.Summary = Scalar(value); break;
                case "severity": front.Severity = Scalar(value); break;
                case "services": front.Services = List(value, key, LineOf(value), problem); break;
                case "verify": front.Verify = List(value, key, LineOf(value), problem); break;
                case "match": front.ReadMatch(value, LineOf, problem); break;
                default: problem(LineOf(keyNode), $"unknown field '{key}' (fields: id, title, summary, services, match, severity, verify)"); break;
            }
        }

        return front;
    }

    private void ReadMatch(YamlNode node, Func<YamlNode, int> lineOf, Action<int, string> problem)
    {
        if (node is not YamlMappingNode match)
        {
            problem(lineOf(node), "match is a set of alerts, labels and keywords");
            return;
        }

        foreach (var (keyNode, value) in match.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "alerts": Alerts = List(value, "match.alerts", lineOf(value), problem); break;
                case "keywords": Keywords = List(value, "match.keywords", lineOf(value), problem); break;
                case "labels" when value is YamlMappingNode labels:
                    Labels = labels.Children.ToDictionary(l => Scalar(l.Key) ?? "", l => Scalar(l.Value) ?? "", StringComparer.Ordinal);
                    break;
                case "labels": problem(lineOf(value), "match.labels is a set of 'name: value' pairs"); break;
                default: problem(lineOf(keyNode), $"unknown field 'match.{key}' (alerts, labels, keywords)"); break;
            }
        }
    }

    private static string? Scalar(YamlNode node) => (node as YamlScalarNode)?.Value;

    private static List<string> List(YamlNode node, string field, int line, Action<int, string> problem)
    {
        if (node is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode))
        {
            return [.. sequence.Children.Select(c => Scalar(c) ?? "")];
        }

        problem(line, $"{field} is a list of texts, e.g. [a, b]");
        return [];
    }

}
