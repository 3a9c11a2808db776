using Mesh.XdsServer.Config;

namespace Mesh.Operator.Publishing;

/// <summary>The snapshot cache keys the xDS server uses (tests and debug readers look snapshots up by them).</summary>
public static class ProxyKeys
{
    /// <summary>The snapshot every proxyless gRPC client shares.</summary>
    public const string Proxyless = MeshConfigServer.ProxylessKey;

    /// <summary>The cache entry of one sidecar (its snapshot is shared with sidecars of the same scope).</summary>
    public static string Sidecar(string nodeId) => MeshConfigServer.SidecarKey(nodeId);
}
