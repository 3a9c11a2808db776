using Envoy.Config.Core.V3;
using Grpc.Core;

namespace Mesh.XdsServer.Server;

/// <summary>
/// Decides, when a stream's first request arrives, which snapshot cache key serves the node, and may refuse the
/// stream (throw <see cref="RpcException"/>: e.g. PERMISSION_DENIED when the client certificate's identity does not
/// match the node). Called on the stream's loop; <see cref="Release"/> is called once when a resolved stream ends.
/// </summary>
public interface INodeResolver
{
    /// <summary>The cache key of <paramref name="node"/>; never empty. Asynchronous so that a resolver waiting for its
    /// own state (a publish in progress) does not hold a thread-pool thread while it waits.</summary>
    ValueTask<string> ResolveAsync(Node node, ServerCallContext context);

    /// <summary>The stream of <paramref name="nodeId"/> that resolved to <paramref name="key"/> ended.</summary>
    void Release(string nodeId, string key);
}
