using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Planning;
using Mesh.Operator.Reconciliation;

namespace Mesh.Operator.Tests.Reconciliation;

public sealed class ChildPlannerTests
{
    private static V1Pod Pod(string name, string sa) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop", Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1PodSpec { ServiceAccountName = sa, Containers = [] },
    };

    private static MeshPolicy Policy(MeshPolicySpec spec) => new() { Metadata = new V1ObjectMeta { Name = "mesh", NamespaceProperty = "shop" }, Spec = spec };

    [Fact]
    public void A_policy_with_mtls_disabled_still_plans_one_certificate_per_service_account()
    {
        var policy = Policy(new MeshPolicySpec { Mtls = new MtlsSpec { Mode = MtlsMode.Disabled }, NetworkPolicy = new NetworkPolicySpec { Mode = NetworkPolicyMode.Disabled } });
        var pods = new[] { Pod("reviews-1", "reviews"), Pod("reviews-2", "reviews"), Pod("ratings-1", "ratings") };

        var children = ChildPlanner.Plan(policy, new NamespaceState { Namespace = "shop", Pods = pods }, pods, new NetworkPolicyOptions());

        children.Certificates.Select(c => c.ServiceAccount).Should().BeEquivalentTo(["ratings", "reviews"]);
        children.NetworkPolicies.Should().BeNull("networkPolicy.mode Disabled plans none (and ours are pruned)");
    }

    [Fact]
    public void Our_network_policies_are_told_apart_from_others_by_their_labels()
    {
        var ours = new V1NetworkPolicy { Metadata = new V1ObjectMeta { Name = "a", Labels = new Dictionary<string, string>(MeshLabels.ForPolicy("mesh")) } };
        var others = new V1NetworkPolicy { Metadata = new V1ObjectMeta { Name = "b", Labels = new Dictionary<string, string> { [MeshLabels.Policy] = "mesh" } } };

        ChildPlanner.Ours(ours, "mesh").Should().BeTrue();
        ChildPlanner.Ours(others, "mesh").Should().BeFalse("without managed-by it is a user's object");
        ChildPlanner.Ours(ours, "other").Should().BeFalse();
    }
}
