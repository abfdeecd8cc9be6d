using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Commands;

public sealed partial class CommandDispatcher
{
    /// <summary>
    /// Runs a command typed by a person and answers it. A store that cannot write (a full disk, a lock
    /// held elsewhere) is answered with what failed and what to do: the command changed nothing, and
    /// every platform shows that sentence to its typist instead of an error page.
    /// </summary>
    public async Task<BotMessage> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await HandleCommandAsync(request, cancellationToken);
        }
        catch (StoreUnavailableException fault)
        {
            return new Refusal(StoreFaultText.Sentence(fault)).Reply(null);
        }
    }
}
