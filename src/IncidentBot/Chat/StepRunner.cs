using System.Text.Json;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Chat;

/// <summary>
/// Runs an outbox message of several steps (opening a war room: create, invite, post the card, pin…)
/// so that a retry or a restart resumes after the last step done. Progress is saved in the message's
/// outbox row after every step. A step that posts is marked as being sent before the call, so when
/// the answer was lost (a crash, a dropped connection) the post is looked for instead of sent twice.
/// </summary>
public sealed class StepRunner
{
    private readonly IOutboxStore _outbox;
    private readonly long _id;
    private readonly long _lease;

    public StepRunner(IOutboxStore outbox, OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _outbox = outbox;
        _id = item.Id;
        _lease = item.Lease;
        Progress = item.Progress is { Length: > 0 } saved && saved[0] == '{'
            ? JsonSerializer.Deserialize<StepProgress>(saved, JsonSerializerOptions.Web) ?? new StepProgress()
            : new StepProgress();
    }

    public StepProgress Progress { get; }

    /// <summary>Runs <paramref name="step"/> unless it was done before; saves that it was.</summary>
    public async Task RunAsync(string step, Func<Task> run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Progress.Done.Contains(step))
        {
            return;
        }

        // With replicas: only while this one still holds the queue, or a stalled one would repeat a step the new holder did.
        await ConfirmClaimAsync(cancellationToken);
        await run();
        Progress.Done.Add(step);
        Progress.Sending = null;
        await SaveAsync(cancellationToken);
    }

    /// <summary>Throws when another replica took this message's queue over (see <see cref="IOutboxStore.ConfirmClaimAsync"/>): call before an outside call no step covers.</summary>
    public Task ConfirmClaimAsync(CancellationToken cancellationToken) => _outbox.ConfirmClaimAsync(_lease, cancellationToken);

    /// <summary>True when an earlier try of <paramref name="step"/> was sending when it stopped: look for what it sent before sending again.</summary>
    public bool WasSending(string step) => Progress.Sending == step;

    /// <summary>Saves that <paramref name="step"/>'s post is about to be sent (call just before sending it).</summary>
    public Task MarkSendingAsync(string step, CancellationToken cancellationToken)
    {
        Progress.Sending = step;
        return SaveAsync(cancellationToken);
    }

    /// <summary>The send was refused before anything left: nothing to look for next time.</summary>
    public Task NotSentAsync(CancellationToken cancellationToken)
    {
        Progress.Sending = null;
        return SaveAsync(cancellationToken);
    }

    public Task SaveAsync(CancellationToken cancellationToken) =>
        _outbox.SaveProgressAsync(_id, _lease, JsonSerializer.Serialize(Progress, JsonSerializerOptions.Web), cancellationToken);
}
