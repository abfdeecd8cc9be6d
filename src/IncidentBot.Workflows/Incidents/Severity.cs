namespace IncidentBot.Workflows.Incidents;

/// <summary>SEV1 is the worst: users cannot use the product. SEV4 is minor.</summary>
public enum Severity
{
    Sev1 = 1,
    Sev2 = 2,
    Sev3 = 3,
    Sev4 = 4,
}
