using k8s;
using Mesh.Operator.Planning;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Tests.Planning;

public sealed class NodeZonesTests
{
    [Fact]
    public void A_node_read_as_metadata_keeps_its_labels_and_drops_its_status_and_its_zone_is_read()
    {
        const string Node = """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a","labels":{"topology.kubernetes.io/zone":"zone-a"}},
             "spec":{"podCIDR":"10.244.0.0/24"},"status":{"images":[{"names":["big/image:1"],"sizeBytes":123456789}]}}
            """;

        var node = KubernetesJson.Deserialize<PartialObjectMetadata>(Node);

        (node.ApiVersion, node.Kind, node.Metadata.Name).Should().Be(("v1", "Node", "node-a"));
        KubernetesJson.Serialize(node).Should().NotContain("images").And.NotContain("podCIDR", "the cache keeps metadata only");
        NodeZones.Of([node]).Should().Equal(new Dictionary<string, string> { ["node-a"] = "zone-a" });
    }

    [Theory]
    [InlineData("zone-own", "node-a", "zone-own")]
    [InlineData(null, "node-a", "zone-a")]
    [InlineData("", "node-a", "zone-a")]
    [InlineData(null, "node-unknown", "")]
    [InlineData(null, null, "")]
    public void The_endpoint_zone_wins_else_the_nodes(string? endpointZone, string? node, string expected) =>
        NodeZones.Resolve(endpointZone, node, new Dictionary<string, string> { ["node-a"] = "zone-a" }).Should().Be(expected);
}
