using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// The gather step: one namespace's state from the informer caches, never from the API. Nodes are cluster-scoped and
/// read for their zone label only, so their cache keeps metadata alone (a Node's status, with its image list, is the
/// bulk of it: deserialized as PartialObjectMetadata, spec and status are dropped); their changes wake nothing (a pod is placed on a Node that already exists, and its
/// own event wakes the policies).
/// </summary>
internal sealed class NamespaceGatherer(
    ObjectCache<MeshPolicy> policies,
    ObjectCache<V1Service> services,
    ObjectCache<V1EndpointSlice> endpointSlices,
    ObjectCache<V1Pod> pods,
    ObjectCache<PartialObjectMetadata> nodes,
    ObjectCache<V1NetworkPolicy>? networkPolicies = null)
{
    /// <summary>The caches' change counters for <paramref name="ns"/>: read before <see cref="Gather"/>, an equal later
    /// reading means a gather would return the same objects.</summary>
    public GatherStamp Stamp(string ns) => new(
        policies.ChangesIn(ns),
        services.ChangesIn(ns),
        endpointSlices.ChangesIn(ns),
        pods.ChangesIn(ns),
        nodes.Changes,
        networkPolicies?.ChangesIn(ns) ?? 0,
        EgressServiceEntries.NamedElsewhere(policies.ListByNamespace(ns), ns).Select(s => s.Namespace).Distinct(StringComparer.Ordinal)
            .Sum(services.ChangesIn));

    public NamespaceState Gather(string ns)
    {
        var namespacePolicies = policies.ListByNamespace(ns);
        return new()
        {
            Namespace = ns,
            Policies = namespacePolicies,
            Services = services.ListByNamespace(ns),
            EndpointSlices = endpointSlices.ListByNamespace(ns),
            Pods = pods.ListByNamespace(ns),
            NodeZones = NodeZones.Of(nodes.List()),
            NetworkPolicies = networkPolicies?.ListByNamespace(ns) ?? [],
            ServicesNamedElsewhere = EgressServiceEntries.NamedElsewhere(namespacePolicies, ns)
                .Where(s => services.Get(s.Namespace, s.Name) is not null)
                .Select(s => $"{s.Namespace}/{s.Name}")
                .ToHashSet(StringComparer.Ordinal),
        };
    }
}
