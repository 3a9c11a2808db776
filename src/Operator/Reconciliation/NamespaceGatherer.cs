using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>The gather step: one namespace's state from the informer caches, never from the API.</summary>
internal sealed class NamespaceGatherer(
    ObjectCache<MeshPolicy> policies,
    ObjectCache<V1Service> services,
    ObjectCache<V1EndpointSlice> endpointSlices,
    ObjectCache<V1Pod> pods,
    ObjectCache<V1NetworkPolicy>? networkPolicies = null)
{
    public NamespaceState Gather(string ns) => new()
    {
        Namespace = ns,
        Policies = policies.ListByNamespace(ns),
        Services = services.ListByNamespace(ns),
        EndpointSlices = endpointSlices.ListByNamespace(ns),
        Pods = pods.ListByNamespace(ns),
        NetworkPolicies = networkPolicies?.ListByNamespace(ns) ?? [],
    };
}
