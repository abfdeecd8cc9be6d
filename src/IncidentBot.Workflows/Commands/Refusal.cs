using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// The one answer for a command or transition that cannot be done: what is wrong, and the commands
/// that would put it right. Every platform renders it the same way.
/// </summary>
public sealed record Refusal(string Problem, IReadOnlyList<string> Fixes)
{
    public Refusal(string problem, params string[] fixes)
        : this(problem, (IReadOnlyList<string>)fixes)
    {
    }

    public static Refusal NoSuchIncident(IncidentId id) => new(Say.T($"There is no incident {id}.", $"インシデント {id} はありません。"), "/incident list --all");

    /// <summary>The refusal as a reply only the person sees: the problem, the commands that fix it, and a button for each.</summary>
    public BotMessage Reply(IncidentId? incident) => new()
    {
        Ok = false,
        Incident = incident,
        Text = WithFixes(),
        Buttons = [.. Fixes.Select(f => new ChatButton(f, f))],
        Visibility = MessageVisibility.Ephemeral,
    };

    /// <summary>The problem, then the commands that fix it, unless the problem already names them.</summary>
    private string WithFixes()
    {
        var unnamed = Fixes.Where(f => !Problem.Contains(f, StringComparison.Ordinal)).ToList();
        if (unnamed.Count == 0)
        {
            return Problem;
        }

        var commands = unnamed.Select(f => $"`{f}`");
        return Say.T($"{Problem}\nTry: {string.Join(" or ", commands)}", $"{Problem}\n次のコマンドを試してください：{string.Join(" または ", commands)}");
    }
}
