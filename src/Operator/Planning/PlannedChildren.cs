using Mesh.Operator.Certificates;
using Mesh.Operator.NetworkPolicies;

namespace Mesh.Operator.Planning;

/// <summary>
/// The children a plan wants to exist; act steps only apply them (and prune what is not here). A new child kind is a
/// property here plus a step, not edits across the reconciler.
/// </summary>
public sealed record PlannedChildren
{
    /// <summary>One workload certificate per ServiceAccount of a selected pod (whatever spec.mtls.mode says).</summary>
    public IReadOnlyList<WorkloadCertificateRequest> Certificates { get; init; } = [];

    /// <summary>The compiled NetworkPolicies; null when spec.networkPolicy.mode is Disabled (ours are then removed).</summary>
    public NetworkPolicyPlan? NetworkPolicies { get; init; }
}
