using Mesh.Operator.Publishing;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Status;

namespace Mesh.Operator.Tests.Publishing;

public sealed class ProxyEventKeysTests
{
    private static readonly Func<string, IEnumerable<ObjectKey>> NoPolicies = _ => [];

    [Fact]
    public void An_event_wakes_the_policies_its_labels_name_and_nothing_else()
    {
        var change = new ProxyEvent
        {
            Kind = ProxyEventKind.Nacked,
            NodeId = "grpc-client",
            Key = "proxyless",
            Labels = new Dictionary<string, string>
            {
                [PolicyLabels.For("shop", "mesh.v2")] = "3",
                [PolicyLabels.For("pay", "mesh")] = "1",
                ["something/else"] = "x",
            },
        };

        ProxyEventKeys.Of(change, NoPolicies).Should().BeEquivalentTo([ObjectKey.Create("shop", "mesh.v2"), ObjectKey.Create("pay", "mesh")]);
    }

    [Fact]
    public void A_sidecar_event_also_wakes_the_policies_of_its_namespace_which_count_unknown_pods()
    {
        var change = new ProxyEvent { Kind = ProxyEventKind.Connected, NodeId = "sidecar~10.0.0.1~web-1.shop~shop.svc.cluster.local", Key = "sidecar/x" };

        ProxyEventKeys.Of(change, ns => ns == "shop" ? [ObjectKey.Create("shop", "mesh")] : []).Should().Equal(ObjectKey.Create("shop", "mesh"));
    }
}
