using System.Security.Cryptography;
using System.Text;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Chat;

/// <summary>
/// Messages the bot keeps current in place (the incident card, the work board, the alert summary):
/// where each was posted and a hash of what it shows, so a refresh that would show the same thing
/// calls the platform not at all.
/// </summary>
public sealed class KeptMessages(IOutboxStore outbox)
{
    public static string Hash(string rendered) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rendered)));

    public Task<PostedMessage?> FindAsync(string key, CancellationToken cancellationToken) => outbox.FindPostedAsync(key, cancellationToken);

    /// <summary>Remembers a message just posted, showing <paramref name="rendered"/>.</summary>
    public Task RememberAsync(string key, string conversation, string messageId, string rendered, CancellationToken cancellationToken) =>
        outbox.SavePostedAsync(new PostedMessage(key, conversation, messageId, Hash(rendered)), cancellationToken);

    /// <summary>
    /// Brings <paramref name="posted"/> up to <paramref name="rendered"/>: <paramref name="update"/> is
    /// called only when it would change what people see, and the new hash saved once it succeeded.
    /// </summary>
    public async Task<bool> RefreshAsync(PostedMessage posted, string rendered, Func<Task> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posted);
        ArgumentNullException.ThrowIfNull(update);
        var hash = Hash(rendered);
        if (hash == posted.Hash)
        {
            return false;
        }

        await update();
        await outbox.SavePostedAsync(posted with { Hash = hash }, cancellationToken);
        return true;
    }
}
