using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.NetworkPolicies;

/// <summary>What the reconciler gathered from the cache for one MeshPolicy.</summary>
public sealed record NetworkPolicyInput
{
    /// <summary>The policy being compiled.</summary>
    public required MeshPolicy Policy { get; init; }

    /// <summary>Pods of the policy's namespace that its workload selector selects.</summary>
    public required IReadOnlyList<V1Pod> SelectedPods { get; init; }

    /// <summary>Services of the policy's namespace.</summary>
    public required IReadOnlyList<V1Service> Services { get; init; }

    /// <summary>
    /// Every pod the authorization rules may name by ServiceAccount: the policy's namespace and every namespace named in a
    /// rule (the ServiceAccount-to-labels mapping reads them). May include the selected pods.
    /// </summary>
    public required IReadOnlyList<V1Pod> Pods { get; init; }

    /// <summary>NetworkPolicies of the namespace that mesh-operator does not manage (to see whether egress is already isolated).</summary>
    public IReadOnlyList<V1NetworkPolicy> OtherNetworkPolicies { get; init; } = [];
}
