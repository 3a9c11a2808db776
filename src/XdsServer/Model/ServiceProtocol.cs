namespace Mesh.XdsServer.Model;

/// <summary>Application protocol of a service port.</summary>
public enum ServiceProtocol
{
    /// <summary>HTTP/1.1 (upstream HTTP/1.1; the client may speak HTTP/2 to its sidecar).</summary>
    Http,
    /// <summary>HTTP/2 end to end.</summary>
    Http2,
    /// <summary>gRPC (HTTP/2; routes also get max_stream_duration, retries may use gRPC status names).</summary>
    Grpc,
    /// <summary>Opaque TCP: no routes, a tcp_proxy to the whole service.</summary>
    Tcp,
}
