using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using IncidentBot.Chat.Teams;
using Microsoft.Extensions.Configuration;

namespace IncidentBot.Tests.Teams;

/// <summary><c>teams package</c>: the app package an admin uploads, filled in for this installation, or one line saying what is missing.</summary>
public sealed class TeamsPackageTests : IDisposable
{
    private const string AppId = "7d3c8a52-1f0e-4b7a-9c55-2a61f0d4e9b3";
    private readonly string _folder = Directory.CreateTempSubdirectory("teams-package-").FullName;
    private static readonly string Templates = Path.Combine(AppContext.BaseDirectory, "teams");

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void The_package_holds_the_manifest_filled_in_and_both_icons_at_its_root()
    {
        var file = Path.Combine(_folder, "app.zip");
        using var output = new StringWriter();
        Assert.Equal(0, TeamsPackage.Run(Settings(("Teams:AppId", AppId), ("Teams:PublicUrl", "https://incidents.example.com/bot/")), file, Templates, output));
        Assert.Contains("https://incidents.example.com/bot/api/messages", output.ToString(), StringComparison.Ordinal);

        using var zip = ZipFile.OpenRead(file);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var text = reader.ReadToEnd();
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(text)!;
        Assert.True(Version.Parse(manifest["manifestVersion"]!.GetValue<string>()) >= new Version(1, 17));
        Assert.Equal(AppId, manifest["id"]!.GetValue<string>());
        Assert.Equal("1.0.0", manifest["version"]!.GetValue<string>());
        var bot = manifest["bots"]![0]!;
        Assert.Equal(AppId, bot["botId"]!.GetValue<string>());
        Assert.Equal(["groupChat", "personal", "team"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).Order());
        var rsc = manifest["authorization"]!["permissions"]!["resourceSpecific"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("ChannelMessage.Read.Group", rsc);
        Assert.Contains("Channel.Create.Group", rsc);
        Assert.Equal(AppId, manifest["webApplicationInfo"]!["id"]!.GetValue<string>());
        Assert.Equal(["incidents.example.com"], manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
        var action = manifest["composeExtensions"]![0]!["commands"]![0]!;
        Assert.Equal(("markKeyEvent", "message"), (action["id"]!.GetValue<string>(), action["context"]![0]!.GetValue<string>()));

        // Teams asks for a 192×192 colour icon and a 32×32 outline icon.
        Assert.Equal((192, 192), PngSize(zip, "color.png"));
        Assert.Equal((32, 32), PngSize(zip, "outline.png"));
    }

    [Theory]
    [InlineData(null, "https://incidents.example.com/", "Teams__AppId")]
    [InlineData("not-a-guid", "https://incidents.example.com/", "Teams__AppId")]
    [InlineData(AppId, null, "Teams__PublicUrl")]
    [InlineData(AppId, "http://incidents.example.com/", "Teams__PublicUrl")]
    public void Without_an_app_id_or_an_https_address_it_says_which_setting_and_writes_nothing(string? appId, string? publicUrl, string setting)
    {
        var values = new List<(string, string)>();
        if (appId is not null)
        {
            values.Add(("Teams:AppId", appId));
        }

        if (publicUrl is not null)
        {
            values.Add(("Teams:PublicUrl", publicUrl));
        }

        using var output = new StringWriter();
        Assert.Equal(2, TeamsPackage.Run(Settings([.. values]), Path.Combine(_folder, "app.zip"), Templates, output));
        Assert.Contains(setting, output.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    private static (int Width, int Height) PngSize(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
