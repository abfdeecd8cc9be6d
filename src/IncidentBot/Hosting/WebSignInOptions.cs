namespace IncidentBot.Hosting;

/// <summary>The <c>Auth:Oidc</c> configuration section: the web page's and API's sign-in through an OpenID provider.</summary>
public sealed class WebSignInOptions
{
    public const string Section = "Auth:Oidc";

    /// <summary>The provider's issuer URL (its discovery document is under it); unset: no sign-in.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim a person's bot name is taken from first; then <c>preferred_username</c>, <c>name</c>, <c>sub</c>.</summary>
    public string NameClaim { get; set; } = "preferred_username";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>
    /// The problem with these settings, or null: the three are set together, and the authority is
    /// https (plain http only on loopback, for trying it out: tokens would otherwise cross the network readable).
    /// </summary>
    public string? Problem()
    {
        string?[] given = [Authority, ClientId, ClientSecret];
        if (given.All(string.IsNullOrWhiteSpace))
        {
            return null;
        }

        var missing = new[] { ("Authority", Authority), ("ClientId", ClientId), ("ClientSecret", ClientSecret) }.Where(s => string.IsNullOrWhiteSpace(s.Item2)).Select(s => "Auth__Oidc__" + s.Item1).ToList();
        if (missing.Count > 0)
        {
            return $"Sign-in needs Auth__Oidc__Authority, Auth__Oidc__ClientId and Auth__Oidc__ClientSecret together; {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not set.";
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            return $"Auth__Oidc__Authority is the provider's issuer URL, like https://login.example.com/realms/ops; '{Authority}' is not one.";
        }

        if (authority.Scheme == "http" && !authority.IsLoopback)
        {
            return $"Auth__Oidc__Authority must be https: over plain http ({authority.Host}) the provider's keys and tokens could be read or changed on the way. Plain http is accepted on loopback only.";
        }

        return string.IsNullOrWhiteSpace(NameClaim) ? "Auth__Oidc__NameClaim, when set, names a claim (preferred_username by default)." : null;
    }

    /// <summary>A loopback authority over plain http (a provider on this machine, for trying sign-in out).</summary>
    public bool LoopbackHttp => Uri.TryCreate(Authority, UriKind.Absolute, out var authority) && authority.Scheme == "http" && authority.IsLoopback;
}
