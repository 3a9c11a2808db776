using k8s.Models;
using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;

namespace Mesh.Operator.Tests.Publishing;

public sealed class WorkloadIndexBuilderTests
{
    private static V1Pod Pod(string name, string? sa, string ip, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "shop",
            Labels = new Dictionary<string, string> { ["app"] = "reviews" },
            DeletionTimestamp = deleting ? DateTime.UtcNow : null,
        },
        Spec = new V1PodSpec { ServiceAccountName = sa, Containers = [] },
        Status = new V1PodStatus { PodIP = ip },
    };

    [Fact]
    public void Pods_become_workloads_with_ip_labels_service_account_zone_and_the_selecting_policy()
    {
        var state = new NamespaceState
        {
            Namespace = "shop",
            Pods = [Pod("reviews-b", null, "10.0.0.2"), Pod("reviews-a", "reviews", "10.0.0.1"), Pod("old", "reviews", "10.0.0.9", deleting: true)],
            EndpointSlices =
            [
                new V1EndpointSlice
                {
                    Metadata = new V1ObjectMeta { Name = "reviews-x", NamespaceProperty = "shop" },
                    AddressType = "IPv4",
                    Endpoints = [new V1Endpoint { Addresses = ["10.0.0.1"], Zone = "zone-a", TargetRef = new V1ObjectReference { Kind = "Pod", Name = "reviews-a" } }],
                },
            ],
        };

        var workloads = WorkloadIndexBuilder.Build(state, "mesh", ["reviews-a"]);

        workloads.Select(w => w.Name).Should().Equal("reviews-a", "reviews-b");
        var a = workloads[0];
        a.Ip.Should().Be("10.0.0.1");
        a.ServiceAccount.Should().Be("reviews");
        a.Locality.Zone.Should().Be("zone-a");
        a.Labels.Should().Contain("app", "reviews");
        a.Policy.Should().Be("mesh");
        workloads[1].ServiceAccount.Should().Be("default", "an unset serviceAccountName is Kubernetes' default");
        workloads[1].Policy.Should().BeNull("the policy does not select it");
        workloads[1].Locality.Zone.Should().BeEmpty();
    }

    [Fact]
    public void A_pod_whose_endpoints_carry_no_zone_takes_its_nodes_and_an_endpoint_zone_wins_over_the_node()
    {
        V1Pod OnNode(string name, string? node)
        {
            var pod = Pod(name, "reviews", "10.0.1." + name[^1]);
            pod.Spec.NodeName = node;
            return pod;
        }

        var state = new NamespaceState
        {
            Namespace = "shop",
            Pods = [OnNode("p1", "node-b"), OnNode("p2", "node-b"), OnNode("p3", "node-unlabelled"), OnNode("p4", null)],
            EndpointSlices =
            [
                new V1EndpointSlice
                {
                    Metadata = new V1ObjectMeta { Name = "reviews-x", NamespaceProperty = "shop" },
                    AddressType = "IPv4",
                    Endpoints =
                    [
                        new V1Endpoint { Addresses = ["10.0.1.1"], TargetRef = new V1ObjectReference { Kind = "Pod", Name = "p1" } },
                        new V1Endpoint { Addresses = ["10.0.1.2"], Zone = "zone-from-slice", TargetRef = new V1ObjectReference { Kind = "Pod", Name = "p2" } },
                    ],
                },
            ],
            NodeZones = NodeZones.Of([Node("node-b", "zone-b"), Node("node-unlabelled", null), Node("node-empty", "")]),
        };

        var zones = WorkloadIndexBuilder.Build(state, "mesh", []).ToDictionary(w => w.Name, w => w.Locality.Zone);

        zones.Should().Equal(new Dictionary<string, string>
        {
            ["p1"] = "zone-b",
            ["p2"] = "zone-from-slice",
            ["p3"] = "",
            ["p4"] = "",
        });
        state.NodeZones.Keys.Should().Equal(["node-b"], "a node without a zone label (or with an empty one) has no zone");
    }

    [Fact]
    public void Service_endpoints_without_a_zone_take_the_zone_of_their_node_or_their_pods_node()
    {
        var pod = Pod("reviews-a", "reviews", "10.0.0.1");
        pod.Spec.NodeName = "node-c";
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "reviews", NamespaceProperty = "shop" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "http", Port = 9080 }] },
        };
        var slice = new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta { Name = "reviews-x", NamespaceProperty = "shop" },
            AddressType = "IPv4",
            Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 9080 }],
            Endpoints =
            [
                new V1Endpoint { Addresses = ["10.0.0.1"], TargetRef = new V1ObjectReference { Kind = "Pod", Name = "reviews-a" } },
                new V1Endpoint { Addresses = ["10.0.0.2"], NodeName = "node-b" },
                new V1Endpoint { Addresses = ["10.0.0.3"], NodeName = "node-b", Zone = "zone-own" },
            ],
        };
        var nodeZones = NodeZones.Of([Node("node-b", "zone-b"), Node("node-c", "zone-c")]);

        var endpoints = EndpointCollector.Collect(service, [slice], new Dictionary<string, V1Pod> { ["reviews-a"] = pod }, new HashSet<string>(), nodeZones);

        endpoints.Select(e => (e.Address, e.Zone)).Should().Equal(("10.0.0.1", "zone-c"), ("10.0.0.2", "zone-b"), ("10.0.0.3", "zone-own"));
    }

    private static V1Node Node(string name, string? zone) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = zone is null ? null : new Dictionary<string, string> { [NodeZones.ZoneLabel] = zone },
        },
    };
}
