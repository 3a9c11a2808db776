using Envoy.Config.Core.V3;
using Grpc.Core;
using Mesh.XdsServer.Hosting;

namespace Mesh.XdsServer.Server;

/// <summary>The default resolver: <see cref="XdsServerOptions.NodeKey"/>, for hosts that set snapshots per key themselves.</summary>
internal sealed class OptionsNodeResolver(XdsServerOptions options) : INodeResolver
{
    public ValueTask<string> ResolveAsync(Node node, ServerCallContext context) => ValueTask.FromResult(options.NodeKey(node));

    public void Release(string nodeId, string key)
    {
    }
}
