using System.Text.Json.Nodes;
using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Admission;

/// <summary>
/// Defaulting around mutating webhooks, as kube-apiserver does it: the webhook receives the object already defaulted
/// (defaults apply when the request body is decoded), and what it adds is defaulted too (the patched object is decoded
/// again), so an injected container carries imagePullPolicy and terminationMessagePath like the pod's own.
/// </summary>
public sealed class WebhookDefaultingTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task A_webhook_sees_defaulted_pods_and_the_container_it_injects_is_defaulted()
    {
        var ns = await fixture.NewNamespaceAsync("wdef");
        var hooks = new WebhookRegistration(fixture, ns);
        var service = ClusterTargetExtensions.Unique("injector");
        await using var server = await hooks.ServeAsync(service);
        server.On("/inject", _ => TestWebhookServer.Patch(new JsonObject
        {
            ["op"] = "add",
            ["path"] = "/spec/containers/-",
            ["value"] = new JsonObject { ["name"] = "proxy", ["image"] = "envoyproxy/envoy:v1.32.0" },
        }));
        await hooks.RegisterAsync(true, ClusterTargetExtensions.Unique("injector"),
            hooks.Hook("inject.mesh.dev", service, server.CaBundle, "/inject", resources: ["pods"], operations: ["CREATE"]));

        var created = await fixture.Kubectl.WithManifestAsync($$$$$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"{{{{{{ns}}}}}}"},
             "spec":{"containers":[{"name":"app","image":"nginx"}]}}
            """, "create");
        created.ExitCode.Should().Be(0, created.ToString());

        var seen = server.ReceivedOn("/inject").Single()["request"]!["object"]!["spec"]!;
        seen["restartPolicy"]!.GetValue<string>().Should().Be("Always", "the webhook receives the decoded, defaulted pod");
        seen["containers"]![0]!["imagePullPolicy"]!.GetValue<string>().Should().Be("Always", "nginx has no tag, which means latest");

        var pod = JsonNode.Parse(await fixture.Kubectl.MustAsync("get", "pod", "web", "-n", ns, "-o", "json"))!;
        var proxy = pod["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == "proxy")!;
        proxy["imagePullPolicy"]!.GetValue<string>().Should().Be("IfNotPresent", "the injected container is defaulted after the patch");
        proxy["terminationMessagePath"]!.GetValue<string>().Should().Be("/dev/termination-log");
        proxy["terminationMessagePolicy"]!.GetValue<string>().Should().Be("File");
    }
}
