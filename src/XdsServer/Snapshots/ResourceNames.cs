using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;

namespace Mesh.XdsServer.Snapshots;

/// <summary>Reads the xDS resource name and type URL of a resource message.</summary>
internal static class ResourceNames
{
    public static string TypeUrlOf(IMessage message) => "type.googleapis.com/" + message.Descriptor.FullName;

    /// <summary>The resource's name, or null when the message is not a type this server serves.</summary>
    public static string? NameOf(IMessage message) => message switch
    {
        Cluster c => c.Name,
        ClusterLoadAssignment e => e.ClusterName,
        Listener l => l.Name,
        RouteConfiguration r => r.Name,
        Secret s => s.Name,
        _ => null,
    };
}
