using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Sidecar;

/// <summary>What the per-namespace bootstrap depends on. Per-pod values (node id, pod IP) come from Envoy's flags.</summary>
internal sealed record SidecarBootstrapInput
{
    /// <summary>The namespace whose pods mount the bootstrap.</summary>
    public required string Namespace { get; init; }

    /// <summary>The trust domain of the namespace's MeshPolicy: it names the xDS server's expected SPIFFE identity.</summary>
    public required string TrustDomain { get; init; }

    /// <summary>Where the operator (and its xDS Service) runs.</summary>
    public string ControlPlaneNamespace { get; init; } = SidecarContract.ControlPlaneNamespace;

    /// <summary>Delta xDS (the default) or state-of-the-world ADS.</summary>
    public bool DeltaXds { get; init; } = true;
}
