using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning;

/// <summary>
/// Everything the planner may read about one namespace, gathered from the informer cache before planning.
/// Immutable once built: the planner never reaches past it.
/// </summary>
public sealed record NamespaceState
{
    public required string Namespace { get; init; }

    /// <summary>Every MeshPolicy of the namespace, the planned one included (ownership of Services is decided among them).</summary>
    public IReadOnlyList<MeshPolicy> Policies { get; init; } = [];

    public IReadOnlyList<V1Service> Services { get; init; } = [];

    public IReadOnlyList<V1EndpointSlice> EndpointSlices { get; init; } = [];

    public IReadOnlyList<V1Pod> Pods { get; init; } = [];

    public IReadOnlyList<V1ServiceAccount> ServiceAccounts { get; init; } = [];

    /// <summary>
    /// Zone of each Node by name (their topology.kubernetes.io/zone label, <see cref="NodeZones"/>): a pod's zone when
    /// the EndpointSlice endpoints that target it carry none.
    /// </summary>
    public IReadOnlyDictionary<string, string> NodeZones { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Of the Services of other namespaces that the namespace's policies name in <c>egress.services</c>, those that exist
    /// (<c>namespace/name</c>); null when they were not looked up (an offline analysis of some files), and then an entry
    /// of another namespace is not checked.
    /// </summary>
    public IReadOnlySet<string>? ServicesNamedElsewhere { get; init; }

    /// <summary>The namespace's NetworkPolicies (ours and others': the compiler leaves room for the others).</summary>
    public IReadOnlyList<V1NetworkPolicy> NetworkPolicies { get; init; } = [];
}
