using Mesh.Operator.Entities;
using Mesh.Operator.Publishing;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Runs on every replica, leader or not: plans each MeshPolicy from this replica's own informers and publishes the
/// accepted config to its xDS server, so that a proxy gets the same config whichever replica it reaches. It never
/// writes to the API (children and status are the leader's <see cref="MeshPolicyReconciler"/>'s job).
/// </summary>
internal sealed class MeshPolicyPublishReconciler(ObjectCache<MeshPolicy> policies, PlanMemo plans, MeshPublisher publisher) : IReconciler
{
    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        // Controllers start once the caches synced: what they hold now is the set the first publish waits for.
        publisher.ExpectInitial(policies);
        return Task.FromResult(Reconcile(key));
    }

    private ReconcileResult Reconcile(ObjectKey key)
    {
        var policy = policies.Get(key);
        if (policy is null || policy.Metadata.DeletionTimestamp is not null)
        {
            // Not awaited, as below: the publisher serves the removal with the next coalesced publish.
            _ = publisher.RemoveAsync(key.Namespace ?? "", key.Name);
            plans.Forget(key);
            return ReconcileResult.Done;
        }

        if (plans.Plan(key, policy).Published is { } published)
        {
            // A refusal keeps the last good config (the publisher puts it back); the leader reports it on the status.
            // Not awaited: the workers go on to the next policy, so that the changes of every policy that arrive
            // within one window are served by one publish (MeshPublisher coalesces them; it logs a failed publish).
            _ = publisher.PublishAsync(published);
        }
        else
        {
            // Nothing to serve for it: the first publish after startup need not wait for it.
            publisher.Reconciled(key.Namespace ?? "", key.Name);
        }

        return ReconcileResult.Done;
    }
}
