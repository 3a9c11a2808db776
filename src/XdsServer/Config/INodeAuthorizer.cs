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
    /// <param name="sidecar">The parsed pod node id, or null for a proxyless client that names no pod.</param>
    /// <param name="proxylessPod">True when <paramref name="sidecar"/> is a proxyless gRPC pod (its user agent is a gRPC
    /// library, proxy.mesh.dev/mode: proxyless-grpc): it is served proxyless config, which carries no secret.</param>
    /// <param name="context">The call (peer, client certificate, local port).</param>
    /// <returns>The identity the client proved, or null when the transport proved none (plaintext).</returns>
    NodeIdentity? Authorize(string nodeId, SidecarNodeId? sidecar, bool proxylessPod, ServerCallContext context);
}
