using Mesh.EndToEnd.Tests.Mesh;
using System.Text.Json.Nodes;
using Mesh.Operator.Hosting;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// Local mode registers simulated Nodes with topology labels and places its simulated pods on them: kubectl sees
/// Nodes, pods' spec.nodeName, and EndpointSlice endpoints whose nodeName and zone agree with the Node's labels, as
/// the EndpointSlice controller writes them on a cluster. Also kubectl scale on a sample Deployment.
/// </summary>
public sealed class LocalNodesTests : IAsyncLifetime
{
    private readonly LocalMeshFixture _mesh = new([Path.Combine(RepoPaths.Samples, "shop")]);

    private Kubectl Kubectl => _mesh.Kubectl;

    public Task InitializeAsync() => _mesh.InitializeAsync();

    public Task DisposeAsync() => _mesh.DisposeAsync();

    [Fact]
    public async Task Simulated_pods_run_on_zoned_nodes_and_their_endpoints_carry_node_and_zone()
    {
        await Eventually.True(async () => (await Kubectl.RunAsync("get", "nodes", "-o", "name")).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3,
            "local mode registers three Nodes", TimeSpan.FromSeconds(30));
        var nodes = await Kubectl.MustAsync("get", "nodes", "-L", "topology.kubernetes.io/zone,topology.kubernetes.io/region");
        nodes.Should().MatchRegex(@"local-node-a\s+Ready\s+<none>\s+\S+\s+v1\.32\.0\s+local-a\s+local");
        var zones = JsonNode.Parse(await Kubectl.MustAsync("get", "nodes", "-o", "json"))!["items"]!.AsArray()
            .ToDictionary(n => (string)n!["metadata"]!["name"]!, n => (string)n!["metadata"]!["labels"]!["topology.kubernetes.io/zone"]!);
        zones.Values.Distinct().Should().HaveCount(3, "one node per zone");

        await Eventually.True(async () => (await Kubectl.RunAsync("get", "pods", "-n", "shop", "-l", "app=reviews", "-o", "name")).StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 3, "the reviews Deployments' three pods exist", TimeSpan.FromSeconds(60));
        var pods = JsonNode.Parse(await Kubectl.MustAsync("get", "pods", "-n", "shop", "-o", "json"))!["items"]!.AsArray()
            .ToDictionary(p => (string)p!["metadata"]!["name"]!, p => (string?)p!["spec"]!["nodeName"]);
        pods.Values.Should().OnlyContain(node => node != null && zones.ContainsKey(node), "every simulated pod is bound to a simulated Node");
        pods.Values.Distinct().Should().HaveCountGreaterThan(1, "replicas spread over the nodes");

        await Eventually.True(async () => (await Kubectl.RunAsync("get", "endpointslices", "-n", "shop", "-l", "kubernetes.io/service-name=reviews",
            "-o", "jsonpath={.items[0].endpoints[*].zone}")).StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 3,
            "the reviews EndpointSlice lists the three pods", TimeSpan.FromSeconds(60));
        var slice = JsonNode.Parse(await Kubectl.MustAsync("get", "endpointslices", "-n", "shop", "-l", "kubernetes.io/service-name=reviews", "-o", "json"))!
            ["items"]![0]!;
        foreach (var endpoint in slice["endpoints"]!.AsArray())
        {
            var pod = (string)endpoint!["targetRef"]!["name"]!;
            var node = (string)endpoint["nodeName"]!;
            node.Should().Be(pods[pod], $"the endpoint of {pod} names its pod's node");
            ((string)endpoint["zone"]!).Should().Be(zones[node], "the zone is the node's topology label");
        }

        var scaled = await Kubectl.RunAsync("scale", "deployment/ratings-v1", "-n", "shop", "--replicas=2");
        scaled.ExitCode.Should().Be(0, scaled.ToString());
        await Eventually.True(async () => (await Kubectl.RunAsync("get", "pods", "-n", "shop", "-l", "app=ratings", "-o", "name")).StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2, "the simulation follows kubectl scale", TimeSpan.FromSeconds(60));
    }
}
