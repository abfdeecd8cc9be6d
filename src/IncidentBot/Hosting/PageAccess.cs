using System.Net;
using IncidentBot.Workflows.Language;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace IncidentBot.Hosting;

/// <summary>
/// Who may change things from the web page and the API, and if not, why: the page's mode is decided
/// once from the settings and where the bot listens, and each request by its session cookie or API token.
/// A free name box is trusted only when nobody off this machine can reach the bot.
/// </summary>
public sealed class PageAccess
{
    /// <summary>Endpoints with their own authentication (signatures, tokens, probes): never behind sign-in.</summary>
    private static readonly string[] MachinePaths = ["/slack", "/alerts", "/api/messages", "/healthz", "/readyz", "/metrics"];

    private readonly IServer _server;
    private readonly Lazy<(PageMode Mode, IReadOnlyList<string> Addresses)> _mode;

    public PageAccess(IServer server, IOptions<WebSignInOptions> signIn, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        ArgumentNullException.ThrowIfNull(configuration);
        _server = server;
        SignIn = signIn.Value;
        ApiToken = configuration["Api:Token"] is { Length: > 0 } token ? token : null;
        // Read on first use, which is once the server listens: only then are its addresses the bound ones.
        _mode = new(() =>
        {
            var addresses = Addresses();
            return (SignIn.Enabled ? PageMode.SignIn : LoopbackOnly(addresses) ? PageMode.LocalNameBox : PageMode.ReadOnly, addresses);
        });
    }

    public WebSignInOptions SignIn { get; }

    public string? ApiToken { get; }

    public PageMode Mode => _mode.Value.Mode;

    /// <summary>Whether <c>/api</c> is closed to callers with neither a session nor the API token.</summary>
    public bool ApiClosed => SignIn.Enabled || ApiToken is not null;

    /// <summary>The name of the person signed in on this request, or null (no sign-in, or not signed in).</summary>
    public static string? SignedInName(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(WebUserName.ClaimType)?.Value : null;
    }

    /// <summary>A machine endpoint, which answers for itself and is never sent to sign in.</summary>
    public static bool IsMachinePath(PathString path) => MachinePaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the request carries the API token, compared in constant time.</summary>
    public bool HasApiToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // In a query string only where a header cannot be set (the page's event stream): elsewhere it would end up in logs.
        var presented = RequestBody.BearerToken(request)
            ?? (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/api/changes") ? request.Query["access_token"].FirstOrDefault() : null);
        return ApiToken is not null && RequestBody.SameSecret(presented, ApiToken);
    }

    /// <summary>Whether this request may change things (run commands, write postmortem sections), and if not, one sentence saying why and what to do.</summary>
    public (bool CanWrite, string? Why) Writer(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HasApiToken(context.Request))
        {
            return (true, null);
        }

        // A browser says where a request comes from. Another site's page can make the browser send a write
        // here, with the session cookie (or to a bot on loopback, with none needed): only the bot's own page
        // and scripts (no such header) write without the token.
        if (context.Request.Headers["Sec-Fetch-Site"].ToString() is not ("" or "same-origin" or "none"))
        {
            return (false, Say.T(
                "Changes are accepted from the bot's own page only (or with its API token); this request came from another page.",
                "変更を受け付けるのはボット自身のページからだけです(API トークンがあれば別)。このリクエストは別のページから送られました。"));
        }

        if (SignedInName(context) is not null)
        {
            return (true, null);
        }

        if (SignIn.Enabled)
        {
            return (false, Say.T(
                "You are not signed in (or your session has ended): reload the page to sign in.",
                "サインインしていません(またはセッションが切れました)。ページを再読み込みしてサインインしてください。"));
        }

        if (ApiToken is not null)
        {
            return (false, Say.T(
                "This bot requires its API token: open the page as /?token=<Api__Token>.",
                "このボットには API トークンが必要です。/?token=<Api__Token> でページを開いてください。"));
        }

        if (Mode == PageMode.LocalNameBox)
        {
            // Asked for by a loopback name only: a page on another site that rebinds its own name to
            // 127.0.0.1 arrives as "same-origin", but under its own host name.
            return LoopbackHost(context.Request.Host.Host)
                ? (true, null)
                : (false, Say.T(
                    $"The page's name box is trusted only when opened as localhost or 127.0.0.1, not as {context.Request.Host.Host}.",
                    $"名前欄が信頼されるのは localhost または 127.0.0.1 として開いたときだけで、{context.Request.Host.Host} では信頼されません。"));
        }

        var where = string.Join(", ", _mode.Value.Addresses);
        return (false, Say.T(
            $"This page is read-only: the bot listens beyond this machine ({where}) with nobody signed in, so a typed name cannot be trusted; its operator can set Auth__Oidc__Authority, Auth__Oidc__ClientId and Auth__Oidc__ClientSecret for sign-in, or Api__Token and open the page as /?token=<token>.",
            $"このページは読み取り専用です。ボットはこのマシンの外からも接続できるアドレス({where})で待ち受けていてサインインがないため、入力された名前を信用できません。運用者がサインイン用に Auth__Oidc__Authority、Auth__Oidc__ClientId、Auth__Oidc__ClientSecret を設定するか、Api__Token を設定して /?token=<token> でページを開いてください。"));
    }

    /// <summary>The start-up line that says how the page knows who is typing. Names no secret.</summary>
    public string Describe() => Mode switch
    {
        PageMode.SignIn => $"people sign in through {SignIn.Authority} (OpenID Connect) and their signed-in name is the actor of their commands{(ApiToken is null ? "" : "; scripts use Api__Token")}.",
        PageMode.LocalNameBox => $"the bot listens on loopback only ({string.Join(", ", _mode.Value.Addresses.DefaultIfEmpty("in memory"))}), so the page's name box is trusted: anyone on this machine can run commands under any name{(ApiToken is null ? "" : " (with Api__Token)")}. Set Auth__Oidc__* for sign-in before listening beyond localhost.",
        _ => $"read-only: the bot listens beyond loopback ({string.Join(", ", _mode.Value.Addresses)}) and Auth__Oidc__Authority is not set, so commands and postmortem writes from the page are refused{(ApiToken is null ? "; set Auth__Oidc__* for sign-in, or Api__Token for scripts and /?token=." : " unless they carry Api__Token (open the page as /?token=<token>); set Auth__Oidc__* for sign-in.")}",
    };

    /// <summary>
    /// Whether every address is on loopback (127.0.0.0/8, ::1, localhost). None at all (an in-memory
    /// test server) is local too; a wildcard, a host name, a Unix socket or a pipe is not.
    /// </summary>
    public static bool LoopbackOnly(IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return addresses.All(address =>
        {
            BindingAddress binding;
            try
            {
                binding = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                return false;
            }

            return !binding.IsUnixPipe && !binding.IsNamedPipe
                && (binding.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(binding.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        });
    }

    /// <summary>A Host header that names this machine's loopback (what a browser sends for a page opened on it).</summary>
    public static bool LoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);

    /// <summary>
    /// Whose private replies a conversation read may include: the signed-in person; the name the page
    /// gives only where the name box is trusted (loopback, or the API token); otherwise nobody's.
    /// </summary>
    public string? Viewer(HttpContext context, string? named)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (SignedInName(context) is { } signedIn)
        {
            return signedIn;
        }

        return !SignIn.Enabled && (HasApiToken(context.Request) || Mode == PageMode.LocalNameBox && LoopbackHost(context.Request.Host.Host)) ? named : null;
    }

    private List<string> Addresses() => [.. _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
}
