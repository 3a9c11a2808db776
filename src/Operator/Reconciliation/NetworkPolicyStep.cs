using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>Applies the compiled NetworkPolicies (Enforce) or removes ours (Off).</summary>
internal sealed class NetworkPolicyStep(ChildApplier children, ObjectCache<V1NetworkPolicy> networkPolicies, NetworkPolicyOptions options) : IReconcileStep
{
    public string ConditionType => ConditionTypes.NetworkPoliciesReady;

    public Task<StepOutcome> RunAsync(StepContext context, CancellationToken ct) =>
        RunAsync(context.Policy, context.SelectedPods, context.State, ct);

    public async Task<StepOutcome> RunAsync(MeshPolicy policy, IReadOnlyList<V1Pod> selectedPods, Planning.NamespaceState state, CancellationToken ct)
    {
        var ns = policy.Metadata.NamespaceProperty;
        var inNamespace = networkPolicies.ListByNamespace(ns);
        var ours = inNamespace.Where(n => Labels.Of(n, MeshLabels.Policy) == policy.Metadata.Name
                                         && Labels.Of(n, MeshLabels.ManagedBy) == MeshLabels.ManagedByValue).ToList();
        if (MeshPolicyDefaults.NetworkPolicyModeOf(policy.Spec) == NetworkPolicyMode.Disabled)
        {
            var removed = await children.PruneAsync(ResourceKinds.NetworkPolicy, ours, new HashSet<string>(), ct).ConfigureAwait(false);
            return new StepOutcome(ConditionStatus.True, ConditionReasons.Disabled,
                $"networkPolicy.mode is Disabled: no NetworkPolicies are generated{(removed > 0 ? $" ({removed} removed)" : "")}.");
        }

        var plan = NetworkPolicyCompiler.Compile(new NetworkPolicyInput
        {
            Policy = policy,
            SelectedPods = selectedPods,
            Services = state.Services,
            Pods = state.Pods,
            OtherNetworkPolicies = inNamespace.Except(ours).ToList(),
        }, options);
        foreach (var desired in plan.Policies)
        {
            await children.ApplyAsync(ResourceKinds.NetworkPolicy, desired, ours.FirstOrDefault(o => o.Metadata.Name == desired.Metadata.Name), policy, ct).ConfigureAwait(false);
        }
        await children.PruneAsync(ResourceKinds.NetworkPolicy, ours, plan.Policies.Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal), ct).ConfigureAwait(false);
        var warnings = plan.Warnings.Count > 0 ? " Warnings: " + string.Join(" ", plan.Warnings) : "";
        var applied = plan.Policies.Count == 0
            ? "No NetworkPolicy is needed: no selected workload backs a governed Service."
            : $"{plan.Policies.Count} NetworkPolicy(ies) applied: {string.Join(", ", plan.Policies.Select(p => p.Metadata.Name))}.";
        return new StepOutcome(ConditionStatus.True, ConditionReasons.Applied, applied + warnings);
    }
}
