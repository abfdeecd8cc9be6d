using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// <c>teams package [file]</c>: the Teams app package to upload (Teams admin center, or "Upload a custom
/// app"): <c>teams/manifest.json</c> with this installation's app id and address filled in, and its two
/// icons, zipped at the root as Teams expects. Reads the same settings as the bot (appsettings.json,
/// <c>Teams__AppId</c>, <c>Teams__PublicUrl</c>).
/// </summary>
public static class TeamsPackage
{
    public const string DefaultFile = "incidentbot-teams.zip";

    public static int Run(IConfiguration configuration, string? file, string templateFolder, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        var appId = configuration["Teams:AppId"];
        var publicUrl = configuration["Teams:PublicUrl"];
        if (!Guid.TryParse(appId, out _))
        {
            output.WriteLine("teams package: set Teams__AppId to the bot's Microsoft app id (a GUID, from its Azure Bot registration).");
            return 2;
        }

        if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var root) || root.Scheme != Uri.UriSchemeHttps)
        {
            output.WriteLine("teams package: set Teams__PublicUrl to the https address Teams reaches the bot at (its messaging endpoint is <PublicUrl>/api/messages).");
            return 2;
        }

        var template = Path.Combine(templateFolder, "manifest.json");
        if (!File.Exists(template))
        {
            output.WriteLine($"teams package: the manifest template {template} is missing; it ships in the repository's teams/ folder.");
            return 2;
        }

        // Teams takes an updated package only with a higher version: Teams__AppVersion, 1.0.0 by default.
        var version = configuration["Teams:AppVersion"] is { Length: > 0 } v ? v : "1.0.0";
        if (!Version.TryParse(version, out var parsed) || parsed.Revision >= 0 || parsed.Build < 0)
        {
            output.WriteLine("teams package: Teams__AppVersion is three numbers, like 1.0.3; raise it for every package you upload again.");
            return 2;
        }

        var manifest = File.ReadAllText(template)
            .Replace("{{APP_VERSION}}", version, StringComparison.Ordinal)
            .Replace("{{TEAMS_APP_ID}}", appId, StringComparison.Ordinal)
            .Replace("{{PUBLIC_URL}}", root.ToString(), StringComparison.Ordinal)
            .Replace("{{PUBLIC_HOST}}", root.Host, StringComparison.Ordinal);
        JsonNode.Parse(manifest); // a template edited into invalid JSON fails here, not in Teams

        var target = Path.GetFullPath(file ?? DefaultFile);
        var icons = new[] { "color.png", "outline.png" };
        if (icons.FirstOrDefault(icon => !File.Exists(Path.Combine(templateFolder, icon))) is { } missing)
        {
            output.WriteLine($"teams package: the icon {Path.Combine(templateFolder, missing)} is missing; it ships in the repository's teams/ folder.");
            return 2;
        }

        using (var zip = ZipFile.Open(target + ".tmp", ZipArchiveMode.Create))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open()))
            {
                writer.Write(manifest);
            }

            foreach (var icon in icons)
            {
                zip.CreateEntryFromFile(Path.Combine(templateFolder, icon), icon);
            }
        }

        File.Move(target + ".tmp", target, overwrite: true);
        output.WriteLine($"Teams app package: {target} (app {appId}, endpoint {new Uri(root, "api/messages")}). Upload it in Teams: Apps > Manage your apps > Upload an app.");
        return 0;
    }
}
