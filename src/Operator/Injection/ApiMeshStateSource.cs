using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Injection;

/// <summary>
/// Reads the live state from the API at admission time, as the NamespaceGatherer reads it from the informers: every
/// MeshPolicy, then the Services, EndpointSlices and Pods of their namespaces (and of the namespace being written).
/// The API rather than the informers because every replica answers admission while only the leader runs the
/// controllers; MeshPolicies are written rarely, so a few lists per write cost little. Only list verbs the operator's
/// ClusterRole already grants are used.
/// </summary>
internal sealed class ApiMeshStateSource(KubeApi api) : IMeshStateSource
{
    public async Task<IReadOnlyList<NamespaceState>> ReadAsync(string alsoNamespace, bool wholeMesh, CancellationToken ct)
    {
        var policies = (await api.ListAsync<MeshPolicy>(ResourceKinds.MeshPolicy, wholeMesh ? null : alsoNamespace, ct).ConfigureAwait(false)).Items;
        var namespaces = policies.Select(p => p.Metadata.NamespaceProperty).Append(alsoNamespace)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var states = new List<NamespaceState>();
        foreach (var ns in namespaces)
        {
            var services = api.ListAsync<V1Service>(ResourceKinds.Service, ns, ct);
            var slices = api.ListAsync<V1EndpointSlice>(ResourceKinds.EndpointSlice, ns, ct);
            var pods = api.ListAsync<V1Pod>(ResourceKinds.Pod, ns, ct);
            states.Add(new NamespaceState
            {
                Namespace = ns,
                Policies = policies.Where(p => p.Metadata.NamespaceProperty == ns).ToList(),
                Services = (await services.ConfigureAwait(false)).Items,
                EndpointSlices = (await slices.ConfigureAwait(false)).Items,
                Pods = (await pods.ConfigureAwait(false)).Items,
            });
        }
        return states;
    }
}
