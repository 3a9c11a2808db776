using Grpc.Core;
using Mesh.XdsServer.Contract;

namespace Mesh.XdsServer.Config;

/// <summary>Trusts every node id (tests and hosts without a TLS port).</summary>
public sealed class AllowAllNodes : INodeAuthorizer
{
    public static AllowAllNodes Instance { get; } = new();

    public NodeIdentity? Authorize(string nodeId, SidecarNodeId? sidecar, bool proxylessPod, ServerCallContext context) => null;
}
