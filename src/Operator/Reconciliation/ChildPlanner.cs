using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Planning;

namespace Mesh.Operator.Reconciliation;

/// <summary>Decides the children of one policy (pure): what the act steps apply.</summary>
internal static class ChildPlanner
{
    public static PlannedChildren Plan(MeshPolicy policy, NamespaceState state, IReadOnlyList<V1Pod> selectedPods, NetworkPolicyOptions options) => new()
    {
        Certificates = CertificatesFor(policy, selectedPods),
        NetworkPolicies = NetworkPoliciesFor(policy, state, selectedPods, options),
    };

    /// <summary>
    /// Every selected workload gets a certificate whatever spec.mtls.mode says: the mode governs traffic between
    /// workloads, while the proxy always needs its identity for the mTLS connection to the control plane.
    /// </summary>
    public static IReadOnlyList<WorkloadCertificateRequest> CertificatesFor(MeshPolicy policy, IReadOnlyList<V1Pod> selectedPods) =>
        WorkloadCertificateRequests.For(
            policy.Metadata.Name, policy.Metadata.NamespaceProperty, selectedPods,
            MeshPolicyDefaults.TrustDomainOf(policy.Spec),
            MeshPolicyDefaults.CertificateDurationOf(policy.Spec),
            MeshPolicyDefaults.CertificateRenewBeforeOf(policy.Spec));

    public static NetworkPolicyPlan? NetworkPoliciesFor(MeshPolicy policy, NamespaceState state, IReadOnlyList<V1Pod> selectedPods, NetworkPolicyOptions options) =>
        MeshPolicyDefaults.NetworkPolicyModeOf(policy.Spec) == NetworkPolicyMode.Disabled
            ? null
            : NetworkPolicyCompiler.Compile(new NetworkPolicyInput
            {
                Policy = policy,
                SelectedPods = selectedPods,
                Services = state.Services,
                Pods = state.Pods,
                OtherNetworkPolicies = state.NetworkPolicies.Where(n => !Ours(n, policy.Metadata.Name)).ToList(),
            }, options);

    /// <summary>A NetworkPolicy this policy generated (by our labels).</summary>
    public static bool Ours(V1NetworkPolicy networkPolicy, string policyName) =>
        Labels.Of(networkPolicy, MeshLabels.Policy) == policyName && Labels.Of(networkPolicy, MeshLabels.ManagedBy) == MeshLabels.ManagedByValue;
}
