using System.Text.Json.Serialization;

namespace IncidentBot.Chat;

/// <summary>How far a message of several steps got, as saved in its outbox row.</summary>
public sealed class StepProgress
{
    /// <summary>The conversation the steps made (the new war room), once made.</summary>
    public string? Conversation { get; set; }

    /// <summary>What builds before the chat core called <see cref="Conversation"/>; read from old rows, never written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Channel
    {
        get => null;
        set => Conversation ??= value;
    }

    /// <summary>Its name, as people see it.</summary>
    public string? Name { get; set; }

    /// <summary>Which name the room is being created under (a taken name moves on to the next).</summary>
    public int Attempt { get; set; } = 1;

    public List<string> Done { get; set; } = [];

    /// <summary>The step whose post was being sent when progress was last saved.</summary>
    public string? Sending { get; set; }
}
