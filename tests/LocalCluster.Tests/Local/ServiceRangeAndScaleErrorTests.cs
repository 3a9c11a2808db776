using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Local;

/// <summary>
/// The error paths of ClusterIP/NodePort allocation and of the scale subresource, with the embedded API's own
/// service range (10.96.0.0/12): answered as kube-apiserver answers them.
/// </summary>
public sealed class ServiceRangeAndScaleErrorTests(LocalApiFixture fixture) : IClassFixture<LocalApiFixture>
{
    [Fact]
    public async Task A_cluster_ip_outside_the_service_range_is_422_naming_the_range()
    {
        var ns = await fixture.NewNamespaceAsync("iprange");
        var created = await fixture.Kubectl.WithManifestAsync(Service(ns, "out", "\"clusterIP\":\"10.0.0.7\","), "create");
        created.ExitCode.Should().NotBe(0);
        created.StdErr.Should().Contain("spec.clusterIPs").And.Contain("the provided IP (10.0.0.7) is not in the valid range. The range of valid IPs is 10.96.0.0/12");

        var (status, body, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", Service(ns, "in", ""));
        status.Should().Be(201, text);
        var ip = (string)body!["spec"]!["clusterIP"]!;
        ip.Should().StartWith("10.96.", "the first dynamic IPs lie above the static band of 10.96.0.0/12");
    }

    [Fact]
    public async Task A_node_port_service_gets_ports_from_30000_to_32767_and_a_taken_one_is_refused()
    {
        var ns = await fixture.NewNamespaceAsync("nodeport");
        var (status, body, text) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", Service(ns, "np", "\"type\":\"NodePort\","));
        status.Should().Be(201, text);
        var nodePort = (int)body!["spec"]!["ports"]![0]!["nodePort"]!;
        nodePort.Should().BeInRange(30000, 32767);
        body["spec"]!["externalTrafficPolicy"]!.GetValue<string>().Should().Be("Cluster");

        var clash = Service(ns, "np2", "\"type\":\"NodePort\",").Replace("\"port\":80", $"\"port\":80,\"nodePort\":{nodePort}", StringComparison.Ordinal);
        var (clashStatus, clashBody, clashText) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", clash);
        clashStatus.Should().Be(422, clashText);
        ((string)clashBody!["details"]!["causes"]![0]!["field"]!).Should().Be("spec.ports[0].nodePort");
        ((string)clashBody["details"]!["causes"]![0]!["message"]!).Should().Contain("provided port is already allocated");
    }

    [Fact]
    public async Task Scale_refuses_negative_replicas_apply_patches_and_other_methods()
    {
        var ns = await fixture.NewNamespaceAsync("scaleerr");
        var (created, _, text) = await fixture.SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"x:1"}]}}}}
            """);
        created.Should().Be(201, text);
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments/web/scale";

        var (negative, negativeBody, negativeText) = await fixture.SendAsync(HttpMethod.Put, path,
            """{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web"},"spec":{"replicas":-1}}""");
        negative.Should().Be(422, negativeText);
        ((string)negativeBody!["details"]!["causes"]![0]!["field"]!).Should().Be("spec.replicas");

        var (apply, _, applyText) = await fixture.SendAsync(HttpMethod.Patch, path, """{"spec":{"replicas":2}}""", "application/apply-patch+yaml");
        apply.Should().Be(415, applyText);

        var (post, _, postText) = await fixture.SendAsync(HttpMethod.Post, path, "{}");
        post.Should().Be(405, postText);

        var (merged, mergedBody, mergedText) = await fixture.SendAsync(HttpMethod.Patch, path, """{"spec":{"replicas":4}}""", "application/merge-patch+json");
        merged.Should().Be(200, mergedText);
        ((int)mergedBody!["spec"]!["replicas"]!).Should().Be(4);
        ((int)mergedBody["status"]!["replicas"]!).Should().Be(0, "no controller runs: status.replicas stays what the status says");
    }

    private static string Service(string ns, string name, string extraSpec) => $$$"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{{{{extraSpec}}}"selector":{"app":"{{{name}}}"},"ports":[{"port":80}]}}
        """;
}
