using k8s.Models;

namespace Mesh.Operator.NetworkPolicies;

/// <summary>The NetworkPolicies that must exist for one MeshPolicy, and what the compiler could not express exactly.</summary>
public sealed record NetworkPolicyPlan
{
    /// <summary>Desired children, sorted by name; the reconciler prunes ours that are not in the list.</summary>
    public required IReadOnlyList<V1NetworkPolicy> Policies { get; init; }

    /// <summary>Sentences for the NetworkPoliciesReady message or Events (never errors: the result is always safe to apply).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
