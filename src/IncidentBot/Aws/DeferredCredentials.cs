using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace IncidentBot.Aws;

/// <summary>
/// The SDK's standard credentials chain (environment, profile, container and instance roles), looked
/// up on first use rather than at start-up: the bot starts without AWS, and a role attached later is
/// found on the next call. Once found, the SDK's credentials object refreshes itself. Two callers
/// racing on the first use both look the chain up; either answer is right.
/// </summary>
internal sealed class DeferredCredentials : AWSCredentials
{
    private volatile AWSCredentials? _resolved;

    public override ImmutableCredentials GetCredentials() =>
        (_resolved ??= Found(() => new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null!))).GetCredentials();

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        if (_resolved is not { } credentials)
        {
            try
            {
                credentials = _resolved = await new DefaultAWSCredentialsIdentityResolver().ResolveIdentityAsync(null!, CancellationToken.None);
            }
            catch (AmazonClientException ex)
            {
                throw NotFound(ex);
            }
        }

        return await credentials.GetCredentialsAsync();
    }

    private static AWSCredentials Found(Func<AWSCredentials> resolve)
    {
        try
        {
            return resolve();
        }
        catch (AmazonClientException ex)
        {
            throw NotFound(ex);
        }
    }

    private static CloudWatchException NotFound(AmazonClientException ex) =>
        new("NoCredentials", "no AWS credentials were found (environment, profile or instance role): " + ex.Message, retryable: false); // for operators: the SDK's reason, kept after the advice in both languages
}
