using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Incidents;

/// <summary>The postmortem's state as its events leave it: reviewers, status, what people wrote, approvals.</summary>
public sealed partial class Incident
{
    private readonly Dictionary<string, string> _postmortemTexts = new(StringComparer.Ordinal);
    private readonly List<string> _postmortemWriters = [];
    private readonly List<string> _approvals = [];

    /// <summary>What people wrote for each postmortem section, the latest text of each.</summary>
    public IReadOnlyDictionary<string, string> PostmortemTexts => _postmortemTexts;

    /// <summary>Who wrote each postmortem section, once per writing (for finding the author).</summary>
    public IReadOnlyList<string> PostmortemWriters => _postmortemWriters;

    /// <summary>Reviewers who approved the postmortem since it last went into review.</summary>
    public IReadOnlyList<string> Approvals => _approvals;

    private void ApplyPostmortem(IncidentEvent e)
    {
        switch (e)
        {
            case ReviewerAdded reviewer:
                _reviewers.Add(reviewer.User);
                break;
            case PostmortemStatusChanged status:
                PostmortemStatus = status.Status;
                if (status.Status == PostmortemStatus.InReview)
                {
                    _approvals.Clear(); // back in review: approvals were for the text as it was
                }

                break;
            case PostmortemSectionWritten written:
                _postmortemTexts[written.Section] = written.Text;
                _postmortemWriters.Add(written.Actor);
                break;
            case PostmortemApproved:
                _approvals.Add(e.Actor);
                break;
        }
    }
}
