namespace IncidentBot.Workflows.Incidents;

public static class SeverityText
{
    public static string Label(this Severity severity) => "SEV" + (int)severity;

    /// <summary>Reads <c>sev2</c>, <c>SEV2</c>, <c>2</c> or <c>s2</c>.</summary>
    public static bool TryParse(string? text, out Severity severity)
    {
        severity = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = text;
        if (text.StartsWith("sev", StringComparison.OrdinalIgnoreCase))
        {
            digits = text[3..];
        }
        else if (text.Length == 2 && (text[0] is 's' or 'S'))
        {
            digits = text[1..];
        }

        if (digits.Length == 1 && digits[0] is >= '1' and <= '4')
        {
            severity = (Severity)(digits[0] - '0');
            return true;
        }

        return false;
    }
}
