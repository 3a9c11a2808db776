using Grpc.Core;
using Mesh.XdsServer.Contract;

namespace Mesh.XdsServer.Config;

/// <summary>
/// Decides whether a stream may speak for a node, from what the transport proved (the client certificate). Throws
/// <see cref="RpcException"/> to refuse (PERMISSION_DENIED, UNAUTHENTICATED).
/// </summary>
public interface INodeAuthorizer
{
    /// <param name="nodeId">The node id of the stream's first request.</param>
    /// <param name="sidecar">The parsed sidecar id, or null for a proxyless client.</param>
    /// <param name="context">The call (peer, client certificate, local port).</param>
    /// <returns>The identity the client proved, or null when the transport proved none (plaintext).</returns>
    NodeIdentity? Authorize(string nodeId, SidecarNodeId? sidecar, ServerCallContext context);
}
