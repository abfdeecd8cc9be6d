using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace IncidentBot.Workflows.Incidents;

/// <summary>A human-friendly incident id, <c>INC-0042</c>. Numbers are allocated by the store and never repeat.</summary>
public readonly record struct IncidentId(long Number)
{
    public const string Prefix = "INC-";

    public override string ToString() => Prefix + Number.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The incident's own room in the local war room, e.g. <c>inc-0042</c>.</summary>
    public string RoomChannel => ToString().ToLowerInvariant();

    public static bool TryParse([NotNullWhen(true)] string? text, out IncidentId id)
    {
        id = default;
        if (text is null || text.Length <= Prefix.Length || !text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var digits = text.AsSpan(Prefix.Length);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return false;
        }

        id = new IncidentId(number);
        return true;
    }

    public static IncidentId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an incident id like INC-0042.");
}
