using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Alerts;

/// <summary>
/// Checks that an SNS message comes from SNS (protocols §C2): SignatureVersion 1 (SHA1withRSA) or 2
/// (SHA256withRSA) over the fields' string to sign, with the certificate at SigningCertURL, which
/// must be https on an <c>sns.&lt;region&gt;.amazonaws.com</c> host and end in <c>.pem</c>, and only
/// for topics allowed by <c>Alerts__Sns__AllowedTopicArns</c>. Certificates are kept in memory and
/// looked up in <c>Alerts__Sns__CertificateDirectory</c> (by the URL's last segment) before any
/// download, so an installation without internet access can be given them in advance.
/// </summary>
public sealed partial class SnsVerifier(IHttpClientFactory http, IOptions<AlertOptions> options, TimeProvider clock, ILogger<SnsVerifier> logger)
{
    private static readonly string[] NotificationFields = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"];
    private static readonly string[] SubscriptionFields = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];

    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.Ordinal);
    private readonly AlertOptions _options = options.Value;

    /// <summary>Null when the message is SNS's, for an allowed topic; otherwise why it is refused.</summary>
    public async Task<string?> CheckAsync(JsonObject message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = Field(message, "Type");
        var fields = type switch
        {
            "Notification" => NotificationFields,
            "SubscriptionConfirmation" or "UnsubscribeConfirmation" => SubscriptionFields,
            _ => null,
        };
        if (fields is null)
        {
            return $"unknown SNS message type '{type}'";
        }

        var topic = Field(message, "TopicArn");
        if (topic is null || !TopicAllowed(topic))
        {
            return $"topic {topic ?? "(none)"} is not in Alerts__Sns__AllowedTopicArns";
        }

        HashAlgorithmName? hash = Field(message, "SignatureVersion") switch
        {
            "1" => HashAlgorithmName.SHA1,
            "2" => HashAlgorithmName.SHA256,
            _ => null,
        };
        if (hash is null)
        {
            return $"SignatureVersion '{Field(message, "SignatureVersion")}' is not 1 or 2";
        }

        var certificateUrl = Field(message, "SigningCertURL") ?? Field(message, "SigningCertUrl");
        if (!IsSnsUrl(certificateUrl, requirePem: true))
        {
            return $"the signing certificate URL '{certificateUrl}' is not an https .pem on an sns.<region>.amazonaws.com host";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Field(message, "Signature") ?? "");
        }
        catch (FormatException)
        {
            return "the signature is not base64";
        }

        var certificate = await CertificateAsync(new Uri(certificateUrl!), cancellationToken);
        if (certificate is null)
        {
            return $"the signing certificate {certificateUrl} is neither in Alerts__Sns__CertificateDirectory nor downloadable";
        }

        if (_options.Sns.CheckCertificateExpiry && (clock.GetUtcNow() > certificate.NotAfter || clock.GetUtcNow() < certificate.NotBefore))
        {
            return $"the signing certificate expired on {certificate.NotAfter:yyyy-MM-dd}";
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null || !rsa.VerifyData(Encoding.UTF8.GetBytes(StringToSign(message, fields)), signature, hash.Value, RSASignaturePadding.Pkcs1))
        {
            return "the signature does not match";
        }

        return null;
    }

    /// <summary>Each field present, in byte order of its name: <c>name\nvalue\n</c>.</summary>
    public static string StringToSign(JsonObject message, IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = new StringBuilder();
        foreach (var field in fields.Order(StringComparer.Ordinal))
        {
            if (Field(message, field) is { } value)
            {
                text.Append(field).Append('\n').Append(value).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>An https URL on an SNS host (<c>sns.us-east-2.amazonaws.com</c>, <c>.amazonaws.com.cn</c>), not any amazonaws.com host.</summary>
    public static bool IsSnsUrl(string? url, bool requirePem) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && SnsHost().IsMatch(uri.Host)
        && (!requirePem || uri.AbsolutePath.EndsWith(".pem", StringComparison.Ordinal));

    public bool TopicAllowed(string topic) => _options.Sns.AllowedTopics.Any(pattern => Workflows.Runbooks.Glob.IsMatch(pattern, topic));

    private static string? Field(JsonObject message, string name) => message[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private async Task<X509Certificate2?> CertificateAsync(Uri url, CancellationToken cancellationToken)
    {
        var key = url.ToString();
        if (_certificates.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var fileName = Path.GetFileName(url.AbsolutePath);
        string? pem = null;
        if (_options.Sns.CertificateDirectory is { Length: > 0 } directory && File.Exists(Path.Combine(directory, fileName)))
        {
            pem = await File.ReadAllTextAsync(Path.Combine(directory, fileName), cancellationToken);
        }
        else
        {
            try
            {
                using var client = http.CreateClient("sns");
                client.Timeout = TimeSpan.FromSeconds(5);
                pem = await client.GetStringAsync(url, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not download the SNS signing certificate {Url} ({Reason}); put {File} in Alerts__Sns__CertificateDirectory", url, ex.Message, fileName);
                return null;
            }
        }

        try
        {
            var certificate = X509Certificate2.CreateFromPem(pem);
            return _certificates.GetOrAdd(key, certificate);
        }
        catch (CryptographicException)
        {
            logger.LogWarning("The SNS signing certificate {File} is not a PEM certificate", fileName);
            return null;
        }
    }

    [GeneratedRegex(@"^sns\.[a-zA-Z0-9\-]{3,}\.amazonaws\.com(\.cn)?$")]
    private static partial Regex SnsHost();
}
