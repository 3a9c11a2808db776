namespace Mesh.XdsServer.Model;

/// <summary>What kind of xDS client a proxy is.</summary>
public enum ProxyKind
{
    /// <summary>An Envoy sidecar capturing the pod's traffic.</summary>
    Sidecar,
    /// <summary>A proxyless gRPC client (grpc-js-xds and friends): API listeners, no sockets.</summary>
    ProxylessGrpc,
}
