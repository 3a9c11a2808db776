using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Applies the NetworkPolicies the plan carries (Enforce) or removes ours (Disabled). A write the API refuses (an
/// admission policy, a quota) becomes NetworkPoliciesReady=False/ApplyFailed naming the object and the API's words,
/// retried after <see cref="RefusedWrite.Retry"/>, rather than a failing reconcile behind a stale "Applied".
/// </summary>
internal sealed class NetworkPolicyStep(ChildApplier children, ObjectCache<V1NetworkPolicy> networkPolicies, NetworkPolicyOptions options, TimeProvider? time = null) : IReconcileStep
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

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
        var refused = new List<string>();
        if (plan is null)
        {
            var removed = await Refusable(ns, "(pruning)", refused, () => children.PruneAsync(ResourceKinds.NetworkPolicy, ours, new HashSet<string>(), ct)).ConfigureAwait(false);
            return refused.Count > 0
                ? Failed(refused)
                : new StepOutcome(ConditionStatus.True, ConditionReasons.Disabled,
                    $"networkPolicy.mode is Disabled: no NetworkPolicies are generated{(removed > 0 ? $" ({removed} removed)" : "")}.");
        }

        foreach (var desired in plan.Policies)
        {
            await Refusable(ns, desired.Metadata.Name, refused, () => children.ApplyAsync(ResourceKinds.NetworkPolicy, desired, ours.FirstOrDefault(o => o.Metadata.Name == desired.Metadata.Name), policy, ct)).ConfigureAwait(false);
        }
        await Refusable(ns, "(pruning)", refused, () => children.PruneAsync(ResourceKinds.NetworkPolicy, ours, plan.Policies.Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal), ct)).ConfigureAwait(false);
        if (refused.Count > 0)
        {
            return Failed(refused);
        }
        var warnings = plan.Warnings.Count > 0 ? " Warnings: " + string.Join(" ", plan.Warnings) : "";
        var applied = plan.Policies.Count == 0
            ? "No NetworkPolicy is needed: no selected workload backs a governed Service."
            : $"{plan.Policies.Count} NetworkPolicy(ies) applied: {string.Join(", ", plan.Policies.Select(p => p.Metadata.Name))}.";
        return new StepOutcome(ConditionStatus.True, ConditionReasons.Applied, applied + warnings);
    }

    /// <summary>
    /// Runs one write; a refusal by the API is recorded and the other writes go on.
    /// </summary>
    private static async Task<T?> Refusable<T>(string ns, string name, List<string> refused, Func<Task<T>> write)
    {
        try
        {
            return await write().ConfigureAwait(false);
        }
        catch (KubeApiException e) when (RefusedWrite.Is(e))
        {
            refused.Add($"NetworkPolicy {ns}/{name}: {e.Message.TrimEnd('.')}");
            return default;
        }
    }

    private StepOutcome Failed(IReadOnlyList<string> refused) =>
        new(ConditionStatus.False, ConditionReasons.ApplyFailed,
            $"The API refused {refused.Count} NetworkPolicy write(s), so traffic is not restricted as the policy says: {string.Join("; ", refused)}. Retried every {RefusedWrite.Retry.TotalSeconds:0} s.")
        {
            RecheckAt = _time.GetUtcNow().Add(RefusedWrite.Retry),
        };
}
