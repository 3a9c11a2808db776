using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>Applies the NetworkPolicies the plan carries (Enforce) or removes ours (Disabled).</summary>
internal sealed class NetworkPolicyStep(ChildApplier children, ObjectCache<V1NetworkPolicy> networkPolicies, NetworkPolicyOptions options) : IReconcileStep
{
    public string ConditionType => ConditionTypes.NetworkPoliciesReady;

    public Task<StepOutcome> RunAsync(StepContext context, CancellationToken ct) =>
        ApplyAsync(context.Policy, context.Plan.Children.NetworkPolicies, ct);

    /// <summary>The planned NetworkPolicies and ours as observed.</summary>
    public string? InputHash(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var hash = new StepInputHash();
        return hash.Add(ConditionType).AddPolicy(context.Policy).AddJson(context.Plan.Children.NetworkPolicies)
            .AddObserved(networkPolicies.ListByNamespace(context.Policy.Metadata.NamespaceProperty).Where(n => ChildPlanner.Ours(n, context.Policy.Metadata.Name)))
            .Finish();
    }

    /// <summary>Plans and applies (for callers without a plan).</summary>
    public Task<StepOutcome> RunAsync(MeshPolicy policy, IReadOnlyList<V1Pod> selectedPods, Planning.NamespaceState state, CancellationToken ct) =>
        ApplyAsync(policy, ChildPlanner.NetworkPoliciesFor(policy, state with { NetworkPolicies = networkPolicies.ListByNamespace(policy.Metadata.NamespaceProperty) }, selectedPods, options), ct);

    private async Task<StepOutcome> ApplyAsync(MeshPolicy policy, NetworkPolicyPlan? plan, CancellationToken ct)
    {
        var ns = policy.Metadata.NamespaceProperty;
        var ours = networkPolicies.ListByNamespace(ns).Where(n => ChildPlanner.Ours(n, policy.Metadata.Name)).ToList();
        if (plan is null)
        {
            var removed = await children.PruneAsync(ResourceKinds.NetworkPolicy, ours, new HashSet<string>(), ct).ConfigureAwait(false);
            return new StepOutcome(ConditionStatus.True, ConditionReasons.Disabled,
                $"networkPolicy.mode is Disabled: no NetworkPolicies are generated{(removed > 0 ? $" ({removed} removed)" : "")}.");
        }

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
