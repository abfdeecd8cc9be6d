using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IncidentBot.Hosting;

/// <summary>
/// Sign-in for the web page and the API (<c>Auth:Oidc</c>): OpenID Connect's code flow with PKCE, then
/// a cookie session whose one claim is the person's bot name. A page request without a session is sent
/// to the provider; <c>/api</c> without one answers 401 (see <see cref="ApiTokenGate"/>); machine
/// endpoints answer for themselves. <c>GET /api/me</c> tells the page who it is and whether it may write.
/// </summary>
public static class WebSignIn
{
    public const string CookieName = "incidentbot.session";

    public static WebApplicationBuilder AddWebSignIn(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(WebSignInOptions.Section);
        var settings = section.Get<WebSignInOptions>() ?? new WebSignInOptions();
        if (settings.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        builder.Services.Configure<WebSignInOptions>(section);
        builder.Services.AddSingleton<PageAccess>();
        if (!settings.Enabled)
        {
            return builder;
        }

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // An on-call shift; each request renews it, so only an idle session ends.
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
            })
            .AddOpenIdConnect(options => Configure(options, settings));
        return builder;
    }

    /// <summary>Before the API gate: reads the session, sends pages to sign in, and maps <c>/api/me</c> and <c>/signout</c>.</summary>
    public static WebApplication UseWebSignIn(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var access = app.Services.GetRequiredService<PageAccess>();
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.Log(access.Mode == PageMode.ReadOnly ? LogLevel.Warning : LogLevel.Information, "Web page: {Mode}", access.Describe()));
        if (access.SignIn.Enabled)
        {
            app.UseAuthentication();
            app.Use(async (context, next) =>
            {
                var path = context.Request.Path;
                if (context.User.Identity?.IsAuthenticated == true || path.StartsWithSegments("/api") || path.StartsWithSegments("/signout") || PageAccess.IsMachinePath(path))
                {
                    await next(context);
                    return;
                }

                await context.ChallengeAsync(); // to the provider, and back to this very page
            });
            // Out of the bot, and of the provider's session too (else the next page would sign straight back in).
            app.MapGet("/signout", () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));
        }

        app.MapGet("/api/me", (HttpContext context) =>
        {
            var name = PageAccess.SignedInName(context);
            var (canWrite, why) = access.Writer(context);
            return Results.Json(new { name, signedIn = name is not null, canWrite, why, signOut = name is null ? null : "/signout" });
        });
        return app;
    }

    private static void Configure(OpenIdConnectOptions options, WebSignInOptions settings)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;
        options.RequireHttpsMetadata = !settings.LoopbackHttp;
        // The code comes back in the query of a top-level GET, so the correlation and nonce cookies can be
        // SameSite=Lax and need not be Secure: sign-in works on http://localhost as on https. PKCE binds
        // the code to this browser's sign-in and the secret to this bot, so a code seen in a URL is no use.
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("profile");
        // Claims by their OpenID names (preferred_username, not a SOAP URI), from the ID token and userinfo.
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = true;
        foreach (var claim in new[] { "preferred_username", settings.NameClaim }.Distinct(StringComparer.Ordinal))
        {
            options.ClaimActions.MapUniqueJsonKey(claim, claim); // name and sub are mapped already
        }

        options.SaveTokens = true; // the ID token only (see OnTicketReceived): the provider's sign-out asks for it
        options.SignedOutRedirectUri = "/";
        options.DisableTelemetry = true;
        options.Events.OnTicketReceived = context => KeepNameAsync(context, settings.NameClaim);
        options.Events.OnRemoteFailure = context =>
        {
            context.HandleResponse();
            return RefuseAsync(context.HttpContext, context.Failure?.Message ?? "the provider's answer could not be read");
        };
    }

    /// <summary>The session keeps the person's bot name (and subject), not every claim the provider sent, nor its access token.</summary>
    private static Task KeepNameAsync(TicketReceivedContext context, string nameClaim)
    {
        var principal = context.Principal ?? new ClaimsPrincipal();
        if (WebUserName.From(principal, nameClaim) is not { } name)
        {
            context.HandleResponse(); // signed in nowhere
            return RefuseAsync(context.HttpContext, $"the provider gave no claim to name you by ({nameClaim}, preferred_username, name or sub)");
        }

        var identity = new ClaimsIdentity([new Claim(WebUserName.ClaimType, name)], OpenIdConnectDefaults.AuthenticationScheme, WebUserName.ClaimType, null);
        if (principal.FindFirst("sub") is { } subject)
        {
            identity.AddClaim(new Claim("sub", subject.Value));
        }

        context.Principal = new ClaimsPrincipal(identity);
        if (context.Properties is { } properties)
        {
            properties.StoreTokens(properties.GetTokens().Where(t => t.Name == OpenIdConnectParameterNames.IdToken).ToList());
        }

        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebSignIn)).LogInformation("{Name} signed in to the web page.", name);
        return Task.CompletedTask;
    }

    /// <summary>A sign-in that did not complete: logged, and told to the person with the way back in.</summary>
    private static async Task RefuseAsync(HttpContext context, string why)
    {
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebSignIn)).LogWarning("A sign-in to the web page did not complete: {Why}", why);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"Sign-in did not complete: {why}. Open / to try again; if it keeps failing, the bot's log says more.", context.RequestAborted);
    }
}
