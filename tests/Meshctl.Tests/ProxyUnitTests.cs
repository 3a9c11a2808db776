using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Mesh.Meshctl.Cli;
using Mesh.Meshctl.Proxies;

namespace Mesh.Meshctl.Tests;

/// <summary>The pure parts of the proxy commands: POD.NAMESPACE parsing and the short tables of config dumps.</summary>
public sealed class ProxyUnitTests
{
    [Theory]
    [InlineData("web-1.shop", null, "web-1", "shop")]
    [InlineData("web.v1.shop", null, "web.v1", "shop")]
    [InlineData("web-1", "shop", "web-1", "shop")]
    [InlineData("web.v1", "shop", "web", "v1")] // as istioctl: a dot always splits, -n only completes a name without one
    [InlineData("web-1.shop", "other", "web-1", "shop")]
    public void POD_NAMESPACE_splits_at_the_last_dot_and_n_names_the_namespace_of_a_bare_pod(string text, string? ns, string name, string space)
    {
        PodName.Parse(text, ns).Should().Be(new PodName(name, space));
    }

    [Theory]
    [InlineData("web-1")]
    [InlineData("Web.shop")]
    [InlineData("web.")]
    [InlineData(".shop")]
    [InlineData("")]
    public void Malformed_POD_NAMESPACE_is_a_command_failure(string text)
    {
        var parse = () => PodName.Parse(text, null);

        parse.Should().Throw<CommandFailure>().Which.Message.Should().StartWith($"\"{text}\" is not POD.NAMESPACE");
    }

    [Fact]
    public void The_secrets_table_reads_the_certificate_of_a_chain_and_of_a_trusted_ca()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        var notBefore = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var certificate = request.CreateSelfSigned(notBefore, notBefore.AddDays(1));
        var pem = certificate.ExportCertificatePem();
        var b64 = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(pem));
        var dump = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "default",
                ["tlsCertificate"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["certificateChain"] = new System.Text.Json.Nodes.JsonObject { ["inlineString"] = pem },
                    ["privateKey"] = new System.Text.Json.Nodes.JsonObject { ["inlineString"] = "[redacted]" },
                },
            },
            new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "ROOTCA",
                ["validationContext"] = new System.Text.Json.Nodes.JsonObject { ["trustedCa"] = new System.Text.Json.Nodes.JsonObject { ["inlineBytes"] = b64 } },
            },
            new System.Text.Json.Nodes.JsonObject { ["name"] = "other", ["genericSecret"] = new System.Text.Json.Nodes.JsonObject() }).ToJsonString();
        using var doc = JsonDocument.Parse(dump);
        using var output = new StringWriter();

        ConfigDumpTables.Write(output, "secrets", doc.RootElement.EnumerateArray().ToList());

        var serial = certificate.SerialNumber.ToLowerInvariant();
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Should().Equal(
                "RESOURCE NAME TYPE SERIAL NUMBER NOT AFTER NOT BEFORE",
                $"default Cert Chain {serial} 2026-01-03T03:04:05Z 2026-01-02T03:04:05Z",
                $"ROOTCA CA {serial} 2026-01-03T03:04:05Z 2026-01-02T03:04:05Z",
                "other Other - - -");
    }

    [Fact]
    public void An_API_Status_is_told_from_a_pods_own_answer()
    {
        ApiStatus.Of("""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"x\" not found","code":404}""").Should().Be("pods \"x\" not found");
        ApiStatus.Of("""{"error":"node 'n' is not connected"}""").Should().BeNull();
        ApiStatus.Of("not json").Should().BeNull();
    }
}
