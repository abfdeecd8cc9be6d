using IncidentBot.Workflows.Language;
using Microsoft.Extensions.Options;

namespace IncidentBot.Hosting;

/// <summary>Every request is answered in the installation's language (<c>Bot:Locale</c>), whatever endpoint it reaches.</summary>
public static class BotLanguage
{
    public static void UseBotLanguage(this WebApplication app)
    {
        var locale = app.Services.GetRequiredService<IOptions<BotOptions>>().Value.Locale;
        app.Use(async (context, next) =>
        {
            // Work a request hands on (a Slack command answered after its ack) inherits the language with the async flow.
            using var language = Say.Use(locale);
            await next(context);
        });
    }
}
