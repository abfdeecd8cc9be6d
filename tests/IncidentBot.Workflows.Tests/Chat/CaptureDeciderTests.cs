using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;
using TestIncidents = IncidentBot.Workflows.Tests.Lifecycle.Incidents;

namespace IncidentBot.Workflows.Tests.Capture;

/// <summary>What rooms say becomes the timeline the same way on every platform.</summary>
public sealed class CaptureDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly RoomAddress Room = new("teams", "19:abc@thread.tacv2");

    private static Incident Apply(Incident state, IncidentEvent e)
    {
        state.Apply(new RecordedEvent(state.Id, state.Version + 1, Guid.NewGuid(), e));
        return state;
    }

    [Fact]
    public void Said_becomes_a_note_with_its_author_time_and_link_once()
    {
        var state = TestIncidents.In(Phase.Recovering);
        var said = new ChatEvent(ChatEventKind.Said, Room, "1700000000001", "bob") { Text = "replica lag 30 s", SaidAt = Now.AddMinutes(-1), Link = "https://teams.example/m/1" };

        var note = Assert.IsType<NoteAdded>(Assert.Single(CaptureDecider.Decide(state, said, Now).Events));
        Assert.Equal(("bob", "replica lag 30 s", Now.AddMinutes(-1), "teams:19:abc@thread.tacv2/1700000000001"), (note.Actor, note.Text, note.OccurredAt, note.MessageId));
        Assert.Empty(CaptureDecider.Decide(Apply(state, note), said, Now).Events);
    }

    [Fact]
    public void Edits_deletions_and_marks_find_the_entry_and_supersede_it()
    {
        var state = TestIncidents.In(Phase.Recovering);
        var said = new ChatEvent(ChatEventKind.Said, Room, "m1", "bob") { Text = "rollback done" };
        Apply(state, CaptureDecider.Decide(state, said, Now).Events[0]);
        var entry = state.Version;

        var edited = Assert.IsType<EntryCorrected>(Assert.Single(CaptureDecider.Decide(state, said with { Kind = ChatEventKind.Edited, Text = "rollback half done" }, Now).Events));
        Assert.Equal((entry, "rollback half done", false), (edited.Supersedes, edited.Text, edited.Deleted));
        Assert.True(Assert.IsType<EntryCorrected>(CaptureDecider.Decide(state, said with { Kind = ChatEventKind.Deleted }, Now).Events[0]).Deleted);

        var marked = Assert.IsType<KeyEventMarked>(Assert.Single(CaptureDecider.Decide(state, said with { Kind = ChatEventKind.MarkedKey, Actor = "carol" }, Now).Events));
        Apply(state, marked);
        Assert.Empty(CaptureDecider.Decide(state, said with { Kind = ChatEventKind.MarkedKey }, Now).Events);
    }

    [Fact]
    public void What_the_timeline_never_saw_and_empty_words_change_nothing()
    {
        var state = TestIncidents.In(Phase.Recovering);
        Assert.Empty(CaptureDecider.Decide(state, new ChatEvent(ChatEventKind.Edited, Room, "unknown", "bob") { Text = "x" }, Now).Events);
        Assert.Empty(CaptureDecider.Decide(state, new ChatEvent(ChatEventKind.Said, Room, "m2", "bob") { Text = "   " }, Now).Events);
        var longText = new string('x', 5000);
        Assert.Equal(CaptureDecider.MaxText, Assert.IsType<NoteAdded>(CaptureDecider.Decide(state, new ChatEvent(ChatEventKind.Said, Room, "m3", "bob") { Text = longText }, Now).Events[0]).Text.Length);
    }
}
