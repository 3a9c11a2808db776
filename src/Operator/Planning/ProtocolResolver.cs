using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.XdsServer.Model;

namespace Mesh.Operator.Planning;

/// <summary>
/// A port's protocol: the policy's explicit protocol, else the Service port's appProtocol (KEP-3726 values and the
/// common IANA names), else TCP. Falling back to TCP is reported: L7 features silently doing nothing is the classic
/// service-mesh surprise.
/// </summary>
internal static class ProtocolResolver
{
    public static (ServiceProtocol Protocol, bool Guessed) Resolve(AppProtocol? declared, V1ServicePort servicePort)
    {
        if (declared is { } given)
        {
            return (FromDeclared(given), false);
        }
        return servicePort.AppProtocol?.ToLowerInvariant() switch
        {
            "http" or "http/1.1" => (ServiceProtocol.Http, false),
            "http2" or "h2c" or "kubernetes.io/h2c" => (ServiceProtocol.Http2, false),
            "grpc" => (ServiceProtocol.Grpc, false),
            "tcp" or "https" or "tls" or "kubernetes.io/ws" or "kubernetes.io/wss" => (ServiceProtocol.Tcp, false),
            _ => (ServiceProtocol.Tcp, true),
        };
    }

    private static ServiceProtocol FromDeclared(AppProtocol protocol) => protocol switch
    {
        AppProtocol.HTTP => ServiceProtocol.Http,
        AppProtocol.HTTP2 => ServiceProtocol.Http2,
        AppProtocol.GRPC => ServiceProtocol.Grpc,
        _ => ServiceProtocol.Tcp,
    };
}
