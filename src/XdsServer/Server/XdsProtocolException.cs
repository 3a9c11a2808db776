using Grpc.Core;

namespace Mesh.XdsServer.Server;

/// <summary>A request that breaks the protocol: ends that stream (only) with the given status.</summary>
internal sealed class XdsProtocolException(StatusCode code, string message) : Exception(message)
{
    public StatusCode Code { get; } = code;
}
