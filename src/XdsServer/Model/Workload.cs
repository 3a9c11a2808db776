namespace Mesh.XdsServer.Model;

/// <summary>
/// One pod as the xDS server sees it: what a sidecar's node id is resolved against to find the proxy's scope (its
/// labels decide which services it serves inbound, its service account its identity, its zone its EDS priorities).
/// </summary>
public sealed record Workload
{
    /// <summary>Pod name (required).</summary>
    public required string Name { get; init; }

    /// <summary>Pod namespace (required).</summary>
    public required string Namespace { get; init; }

    /// <summary>The pod IP (status.podIP); empty while the pod has none. Default empty.</summary>
    public string Ip { get; init; } = "";

    /// <summary>Pod labels. Default none.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>spec.serviceAccountName (Kubernetes' default <c>default</c> when unset).</summary>
    public string ServiceAccount { get; init; } = "default";

    /// <summary>Name of the MeshPolicy (same namespace) whose workload selector picks the pod, or null. Its proxy
    /// receives that policy's egress and mTLS settings, so the policy counts it.</summary>
    public string? Policy { get; init; }

    /// <summary>Where the pod runs (zone from its EndpointSlice endpoints or its Node). Default none.</summary>
    public Locality Locality { get; init; } = Locality.None;
}
