using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Alerts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Tests.Alerts;

public sealed class SnsVerifierTests : IDisposable
{
    private readonly string _certificates = Directory.CreateTempSubdirectory("incidentbot-sns-").FullName;

    public SnsVerifierTests()
    {
        // Real AWS-signed messages and their (expired) certificate, as an offline installation is given it.
        File.Copy(Path.Combine(AlertPayloadTests.Fixtures, "sns_signing_cert_2022_us-east-2.pem"),
            Path.Combine(_certificates, "SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"));
    }

    public void Dispose() => Directory.Delete(_certificates, recursive: true);

    private SnsVerifier Verifier(string topics = "arn:aws:sns:us-east-2:295079676684:publish-and-verify-*", bool checkExpiry = false) =>
        new(new NoNetwork(), Options.Create(new AlertOptions
        {
            Sns = new AlertOptions.SnsOptions { AllowedTopicArns = topics, CertificateDirectory = _certificates, CheckCertificateExpiry = checkExpiry },
        }), TimeProvider.System, NullLogger<SnsVerifier>.Instance);

    private static IEnumerable<JsonObject> RealMessages() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AlertPayloadTests.Fixtures, "sns_real_signed_notifications_php_validator.json")))!.AsArray().Select(m => m!.AsObject());

    [Fact]
    public async Task Real_sns_messages_of_both_signature_versions_verify()
    {
        var verifier = Verifier();
        foreach (var message in RealMessages())
        {
            Assert.Null(await verifier.CheckAsync(message, CancellationToken.None));
        }

        Assert.Contains(RealMessages(), m => m["SignatureVersion"]!.GetValue<string>() == "2");
    }

    [Fact]
    public async Task Forged_or_broken_messages_are_refused()
    {
        var verifier = Verifier();
        var real = RealMessages().First();

        var tampered = real.DeepClone().AsObject();
        tampered["Message"] = "Hello world!";
        Assert.Contains("does not match", await verifier.CheckAsync(tampered, CancellationToken.None), StringComparison.Ordinal);

        var s3 = real.DeepClone().AsObject();
        s3["SigningCertURL"] = "https://s3.amazonaws.com/evil/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";
        Assert.Contains("sns.<region>.amazonaws.com", await verifier.CheckAsync(s3, CancellationToken.None), StringComparison.Ordinal);

        var plain = real.DeepClone().AsObject();
        plain["SigningCertURL"] = "http://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";
        Assert.NotNull(await verifier.CheckAsync(plain, CancellationToken.None));

        var version = real.DeepClone().AsObject();
        version["SignatureVersion"] = "3";
        Assert.Contains("SignatureVersion", await verifier.CheckAsync(version, CancellationToken.None), StringComparison.Ordinal);

        Assert.Contains("AllowedTopicArns", await Verifier("arn:aws:sns:us-east-1:*").CheckAsync(real, CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("expired", await Verifier(checkExpiry: true).CheckAsync(real, CancellationToken.None), StringComparison.Ordinal);

        var unknown = real.DeepClone().AsObject();
        unknown["SigningCertURL"] = "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-0000.pem";
        Assert.Contains("neither", await verifier.CheckAsync(unknown, CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public void The_string_to_sign_follows_the_documented_order()
    {
        var message = new JsonObject { ["Type"] = "Notification", ["TopicArn"] = "t", ["Timestamp"] = "ts", ["MessageId"] = "id", ["Message"] = "m" };
        Assert.Equal("Message\nm\nMessageId\nid\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n",
            SnsVerifier.StringToSign(message, ["Type", "TopicArn", "Timestamp", "Subject", "MessageId", "Message"]));
    }

    /// <summary>Messages signed here with a certificate of our own, for endpoint tests.</summary>
    internal sealed class TestSigner : IDisposable
    {
        private readonly RSA _key = RSA.Create(2048);

        public TestSigner(string directory)
        {
            var request = new CertificateRequest("CN=sns.amazonaws.com", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            File.WriteAllText(Path.Combine(directory, "SimpleNotificationService-test.pem"), certificate.ExportCertificatePem());
        }

        public const string CertificateUrl = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem";

        public JsonObject Sign(JsonObject message, string version = "2")
        {
            message["SignatureVersion"] = version;
            message["SigningCertURL"] = CertificateUrl;
            var fields = message["Type"]!.GetValue<string>() == "Notification"
                ? new[] { "Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type" }
                : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
            var signature = _key.SignData(Encoding.UTF8.GetBytes(SnsVerifier.StringToSign(message, fields)),
                version == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            message["Signature"] = Convert.ToBase64String(signature);
            return message;
        }

        public void Dispose() => _key.Dispose();
    }

    private sealed class NoNetwork : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new Refuse());

        private sealed class Refuse : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                throw new HttpRequestException("no network in tests");
        }
    }
}
