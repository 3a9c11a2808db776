using Envoy.Config.Cluster.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;

namespace Mesh.XdsServer.Tests.Support;

internal static class ResponseExtensions
{
    /// <summary>The names of the resources in a response, in order.</summary>
    public static IReadOnlyList<string> Names(this DiscoveryResponse response) =>
        response.Resources.Select(any => any.TypeUrl switch
        {
            Snapshots.TypeUrls.Cluster => any.Unpack<Cluster>().Name,
            Snapshots.TypeUrls.Endpoint => any.Unpack<Envoy.Config.Endpoint.V3.ClusterLoadAssignment>().ClusterName,
            Snapshots.TypeUrls.Listener => any.Unpack<Envoy.Config.Listener.V3.Listener>().Name,
            Snapshots.TypeUrls.Route => any.Unpack<Envoy.Config.Route.V3.RouteConfiguration>().Name,
            _ => any.Unpack<Envoy.Extensions.TransportSockets.Tls.V3.Secret>().Name,
        }).ToArray();

    public static IReadOnlyList<string> Names(this DeltaDiscoveryResponse response) =>
        response.Resources.Select(r => r.Name).ToArray();

    public static T Single<T>(this DiscoveryResponse response)
        where T : IMessage<T>, new() => response.Resources.Single().Unpack<T>();
}
