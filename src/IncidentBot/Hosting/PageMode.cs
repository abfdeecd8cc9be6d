namespace IncidentBot.Hosting;

/// <summary>How the web page knows who is typing, decided at start-up from the settings and where the bot listens.</summary>
public enum PageMode
{
    /// <summary>People sign in through the OpenID provider; the signed-in name is the actor of commands.</summary>
    SignIn,

    /// <summary>No sign-in, and the bot listens on loopback only: whoever uses this machine types their name in the page.</summary>
    LocalNameBox,

    /// <summary>No sign-in, and the bot listens beyond loopback: the page reads, and writes need the API token.</summary>
    ReadOnly,
}
