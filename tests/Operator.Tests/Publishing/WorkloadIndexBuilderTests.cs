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
}
