using IncidentBot.Runbooks;

namespace IncidentBot.Benchmarks;

/// <summary>200 runbook files made from the shipped ones, each with its own id, alert globs and keywords.</summary>
internal static class SyntheticLibrary
{
    public static string Create(int count)
    {
        var shipped = Directory.GetFiles(RunbookFiles.DefaultPath, "*.md").Where(f => !f.EndsWith("README.md", StringComparison.Ordinal)).Order().ToArray();
        var folder = Directory.CreateTempSubdirectory("incidentbot-runbooks-").FullName;
        for (var i = 0; i < count; i++)
        {
            var text = File.ReadAllText(shipped[i % shipped.Length]);
            var id = text.Split('\n')[1]["id: ".Length..].Trim();
            text = text.Replace($"id: {id}", $"id: {id}-{i:D3}", StringComparison.Ordinal)
                .Replace("match:\n", $"match:\n  labels: {{ service: svc{i % 40} }}\n", StringComparison.Ordinal)
                .Replace("  keywords: [", $"  keywords: [\"component{i}\", ", StringComparison.Ordinal);
            if (text.Contains("  labels: {}", StringComparison.Ordinal))
            {
                text = text.Replace("  labels: {}\n", "", StringComparison.Ordinal);
            }

            File.WriteAllText(Path.Combine(folder, $"{id}-{i:D3}.md"), text);
        }

        return folder;
    }
}
