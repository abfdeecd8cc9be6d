using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Postmortems;
using Microsoft.Extensions.Options;

namespace IncidentBot.Postmortems;

/// <summary>
/// Writes each published postmortem's final Markdown to <c>Postmortem__PublishDirectory</c> as
/// <c>INC-0042.md</c> (a stable name, for a git repository or a wiki sync), after the publish is
/// committed; at start-up it writes any that a crash left unwritten. A file is replaced whole
/// (written beside it, then renamed), and only when its text changed.
/// </summary>
public sealed class PostmortemPublisher(
    IIncidentStore store,
    PostmortemOptions options,
    IOptions<BotOptions> bot,
    TimeProvider clock,
    ILogger<PostmortemPublisher> logger) : BackgroundService, IIncidentObserver
{
    private readonly Channel<IncidentId> _changed = Channel.CreateUnbounded<IncidentId>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<IncidentId, byte> _pending = new();

    public static string FileName(IncidentId id) => $"{id}.md";

    public void Changed(IncidentId incident)
    {
        if (_pending.TryAdd(incident, 0))
        {
            _changed.Writer.TryWrite(incident);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var language = Say.Use(bot.Value.Locale); // the published file's fixed words, where its draft did not choose a language
        // Catching up after a restart: only published ones, found from the stored facts rather than by replaying every log.
        foreach (var stats in await store.StatsAsync(stoppingToken))
        {
            if (stats.Postmortem == PostmortemStatus.Published)
            {
                Changed(new IncidentId(stats.Number));
            }
        }

        await foreach (var incident in _changed.Reader.ReadAllAsync(stoppingToken))
        {
            _pending.TryRemove(incident, out _);
#pragma warning disable CA1031 // a worker boundary: one file that cannot be written is logged, the next is written
            try
            {
                await PublishAsync(incident, stoppingToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogError("Could not write the published postmortem of {Incident} to {Directory}: {Error}. Check that the folder exists and the bot may write there; it is written again on the next change or restart.", incident, options.PublishDirectory, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not publish the postmortem of {Incident}; it is tried again on its next change or restart", incident);
            }
#pragma warning restore CA1031
        }
    }

    private async Task PublishAsync(IncidentId id, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(id, 0, cancellationToken);
        if (events.Count == 0 || !events.Any(e => e.Event is PostmortemStatusChanged { Status: PostmortemStatus.Published }))
        {
            return;
        }

        var incident = Incident.Replay(id, events);
        if (incident.PostmortemStatus != PostmortemStatus.Published)
        {
            return;
        }

        var markdown = PostmortemMarkdown.Render(PostmortemBuilder.Build(incident, events, clock.GetUtcNow(), options));
        var folder = options.PublishDirectory!;
        var path = Path.Combine(folder, FileName(id));
        if (File.Exists(path) && string.Equals(await File.ReadAllTextAsync(path, cancellationToken), markdown, StringComparison.Ordinal))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, markdown, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        File.Move(temporary, path, overwrite: true);
        logger.LogInformation("Published postmortem of {Incident} written to {Path}", id, path);
    }
}
