using System.Collections.Concurrent;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Gather and plan, kept per policy while nothing they read has changed: most reconciles of a large mesh are woken by
/// proxies (ACKs, connects) and find the namespace as it was, and planning it again (every Service's endpoints
/// collected, the published config fingerprinted) was most of what such a reconcile cost. Whatever woke it, an entry is
/// reused only when the policy is the same cached object and the caches' change counters read the same
/// (<see cref="GatherStamp"/>), so the outcome equals a fresh plan.
/// </summary>
internal sealed class PlanMemo(NamespaceGatherer gatherer)
{
    private readonly ConcurrentDictionary<ObjectKey, Planned> _entries = new();

    public Planned Plan(ObjectKey key, MeshPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var ns = policy.Metadata.NamespaceProperty;
        // Read before gathering: a change that lands during the gather moves the next reading, so it is never hidden.
        var stamp = gatherer.Stamp(ns);
        if (_entries.TryGetValue(key, out var last) && last.Stamp == stamp && ReferenceEquals(last.Policy, policy))
        {
            return last;
        }

        var state = gatherer.Gather(ns);
        var plan = MeshPlanner.Plan(policy, state);
        var planned = new Planned(stamp, policy, state, plan, plan.IsAccepted ? PublishedPolicy.From(plan, state) : null);
        _entries[key] = planned;
        return planned;
    }

    public void Forget(ObjectKey key) => _entries.TryRemove(key, out _);
}
