namespace IncidentBot.Workflows.Lifecycle;

public enum Trigger
{
    Declare,
    Dismiss,
    Cancel,
    StartRecovery,
    Mitigated,
    Verified,
    VerificationFailed,
    Resolve,
    Reopen,
    Close,
}
