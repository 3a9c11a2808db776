using System.Text.Json.Nodes;
using k8s;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Admission;

/// <summary>Webhook call failures (timeouts, TLS, no endpoints, invalid answers) and failurePolicy, worded as kube-apiserver words them.</summary>
public sealed class WebhookFailureTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task A_timeout_with_failurePolicy_Fail_rejects_with_the_real_wording()
    {
        var (ns, hooks) = await SetupAsync("slow");
        var service = ClusterTargetExtensions.Unique("slow");
        await using var server = await hooks.ServeAsync(service);
        server.OnRaw("/slow", async review =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            return TestWebhookServer.Reply(review, TestWebhookServer.Allow()).ToJsonString();
        });
        var hook = hooks.Hook("slow.mesh.dev", service, server.CaBundle, "/slow");
        hook["timeoutSeconds"] = 1;
        await hooks.RegisterAsync(true, ClusterTargetExtensions.Unique("slow"), hook);

        var created = await fixture.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "create");
        created.ExitCode.Should().NotBe(0);
        created.StdErr.Should().Contain(
            $"Error from server (InternalError): error when creating \"STDIN\": Internal error occurred: failed calling webhook \"slow.mesh.dev\": failed to call webhook: Post \"https://{service}.mesh-hooks.svc:443/slow?timeout=1s\": context deadline exceeded");
        (await fixture.Kubectl.RunAsync("get", "configmap", "demo", "-n", ns)).ExitCode.Should().NotBe(0);
    }

    [Fact]
    public async Task A_timeout_with_failurePolicy_Ignore_admits()
    {
        var (ns, hooks) = await SetupAsync("ignore");
        var service = ClusterTargetExtensions.Unique("slow");
        await using var server = await hooks.ServeAsync(service);
        server.OnRaw("/slow", async review =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            return TestWebhookServer.Reply(review, TestWebhookServer.Deny("too late")).ToJsonString();
        });
        var hook = hooks.Hook("slow.mesh.dev", service, server.CaBundle, "/slow");
        hook["timeoutSeconds"] = 1;
        hook["failurePolicy"] = "Ignore";
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("slow"), hook);

        var created = await fixture.Kubectl.WithManifestAsync(Manifests.ConfigMap(ns, "demo"), "create");
        created.ExitCode.Should().Be(0, created.ToString());
        server.ReceivedOn("/slow").Should().HaveCount(1, "the webhook was called and its late answer ignored");
    }

    [Fact]
    public async Task A_certificate_from_another_CA_fails_TLS_with_the_Fail_wording()
    {
        var (ns, hooks) = await SetupAsync("tls");
        var service = ClusterTargetExtensions.Unique("tls");
        await using var server = await hooks.ServeAsync(service);
        server.On("/validate", _ => TestWebhookServer.Allow());
        using var otherCa = new TestCertificateAuthority("someone else");
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("tls"), hooks.Hook("tls.mesh.dev", service, otherCa.CaBundle, "/validate"));

        var (status, body, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"demo"}}""");
        status.Should().Be(500, text);
        body!["reason"]!.GetValue<string>().Should().Be("InternalError");
        body["message"]!.GetValue<string>().Should().Be(
            $"Internal error occurred: failed calling webhook \"tls.mesh.dev\": failed to call webhook: Post \"https://{service}.mesh-hooks.svc:443/validate?timeout=5s\": tls: failed to verify certificate: x509: certificate signed by unknown authority");
        server.Received.Should().BeEmpty("the handshake failed before any request");
    }

    [Fact]
    public async Task A_certificate_for_another_host_fails_TLS()
    {
        var (ns, hooks) = await SetupAsync("host");
        var service = ClusterTargetExtensions.Unique("host");
        await using var server = await TestWebhookServer.StartAsync("elsewhere.example");
        fixture.Server.ServiceEndpoints.Map(WebhookRegistration.ServiceNamespace, service, 443, server.Address);
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("host"), hooks.Hook("host.mesh.dev", service, server.CaBundle, "/validate"));

        var (status, body, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"demo"}}""");
        status.Should().Be(500, text);
        body!["message"]!.GetValue<string>().Should().EndWith(
            $"tls: failed to verify certificate: x509: certificate is valid for elsewhere.example, not {service}.mesh-hooks.svc");
    }

    [Fact]
    public async Task An_unmapped_service_is_a_service_without_endpoints()
    {
        var (ns, hooks) = await SetupAsync("ghost");
        using var ca = new TestCertificateAuthority();
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("ghost"), hooks.Hook("ghost.mesh.dev", "ghost", ca.CaBundle, "/validate"));

        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"demo"}}""");
        status.Should().Be(500);
        body!["message"]!.GetValue<string>().Should().Be(
            "Internal error occurred: failed calling webhook \"ghost.mesh.dev\": failed to call webhook: Post \"https://ghost.mesh-hooks.svc:443/validate?timeout=5s\": no endpoints available for service \"ghost\"");
    }

    [Fact]
    public async Task A_response_with_another_uid_is_a_call_failure()
    {
        var (ns, hooks) = await SetupAsync("uid");
        var service = ClusterTargetExtensions.Unique("uid");
        await using var server = await hooks.ServeAsync(service);
        server.On("/validate", _ => new JsonObject { ["uid"] = "not-the-one", ["allowed"] = true });
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("uid"), hooks.Hook("uid.mesh.dev", service, server.CaBundle, "/validate"));

        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"demo"}}""");
        status.Should().Be(500);
        var uid = server.ReceivedOn("/validate").Single()["request"]!["uid"]!.GetValue<string>();
        body!["message"]!.GetValue<string>().Should().Be(
            $"Internal error occurred: failed calling webhook \"uid.mesh.dev\": received invalid webhook response: expected response.uid=\"{uid}\", got \"not-the-one\"");
    }

    [Fact]
    public async Task A_non_JSON_response_is_a_call_failure_unless_ignored()
    {
        var (ns, hooks) = await SetupAsync("nonjson");
        var service = ClusterTargetExtensions.Unique("nonjson");
        await using var server = await hooks.ServeAsync(service);
        server.OnRaw("/validate", _ => Task.FromResult("<html>oops</html>"));
        await hooks.RegisterAsync(false, ClusterTargetExtensions.Unique("nonjson"), hooks.Hook("nonjson.mesh.dev", service, server.CaBundle, "/validate"));

        var (status, body, _) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"demo"}}""");
        status.Should().Be(500);
        body!["message"]!.GetValue<string>().Should().StartWith(
            "Internal error occurred: failed calling webhook \"nonjson.mesh.dev\": failed to call webhook: couldn't get version/kind; json parse error: ");
    }

    private async Task<(string Namespace, WebhookRegistration Hooks)> SetupAsync(string prefix)
    {
        var ns = await fixture.NewNamespaceAsync(prefix);
        return (ns, new WebhookRegistration(fixture, ns));
    }
}
