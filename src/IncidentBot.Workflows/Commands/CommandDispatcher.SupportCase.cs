using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Commands;

/// <summary><c>/incident support-case</c>: the draft, and a timeline entry saying when outside help was asked for.</summary>
public sealed partial class CommandDispatcher
{
    private async Task<BotMessage> SupportCaseAsync(IncidentId id, CommandContext context, CommandRequest request, CancellationToken cancellationToken)
    {
        var draft = await _queries.SupportCaseAsync(id, cancellationToken);
        if (!draft.Ok)
        {
            return draft;
        }

        var subject = SubjectOf(draft.Text);
        return await DecideAndRecordAsync(
            id,
            _ => Decision.Record(_ => draft, new SupportCaseDrafted { Actor = context.Actor, At = context.Now, Subject = subject }),
            context, request.DeliveryKey, request.AnsweredIn, request.FollowUp, cancellationToken);
    }

    /// <summary>The draft's first line without its label: <c>Subject: </c>, or <c>件名：</c> in a draft written in Japanese.</summary>
    private static string SubjectOf(string draft)
    {
        var line = draft.Split('\n', 2)[0];
        foreach (var label in (string[])["件名：", "件名:"])
        {
            if (line.StartsWith(label, StringComparison.Ordinal))
            {
                return line[label.Length..].TrimStart();
            }
        }

        return line.Replace("Subject: ", "", StringComparison.Ordinal);
    }
}
