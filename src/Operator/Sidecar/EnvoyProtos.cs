using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using EnvoyEndpoint = Envoy.Config.Endpoint.V3.Endpoint;
using Filter = Envoy.Config.Listener.V3.Filter;
using RouteConfiguration = Envoy.Config.Route.V3.RouteConfiguration;

namespace Mesh.Operator.Sidecar;

/// <summary>The small proto shapes the bootstrap and the app-health fragment are made of.</summary>
internal static class EnvoyProtos
{
    public static Address Socket(string address, int port) =>
        new() { SocketAddress = new SocketAddress { Address = address, PortValue = (uint)port } };

    /// <summary>A cluster of one fixed address (<c>STATIC</c> for an IP, <c>STRICT_DNS</c> for a name).</summary>
    public static Cluster SingleHostCluster(string name, string host, int port, bool dns)
    {
        return new Cluster
        {
            Name = name,
            Type = dns ? Cluster.Types.DiscoveryType.StrictDns : Cluster.Types.DiscoveryType.Static,
            ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
            LoadAssignment = new ClusterLoadAssignment
            {
                ClusterName = name,
                Endpoints =
                {
                    new LocalityLbEndpoints
                    {
                        LbEndpoints = { new LbEndpoint { Endpoint = new EnvoyEndpoint { Address = Socket(host, port) } } },
                    },
                },
            },
        };
    }

    /// <summary>A listener whose one filter chain is an HTTP connection manager with an inline route table.</summary>
    public static Listener HttpListener(string name, string address, int port, RouteConfiguration routes)
    {
        var hcm = new HttpConnectionManager
        {
            StatPrefix = name.Replace('-', '_'),
            RouteConfig = routes,
            // Only a few exact paths are routed; normalising first keeps /./ready or //ready from dodging them.
            NormalizePath = true,
            MergeSlashes = true,
            HttpFilters = { new HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) } },
        };
        return new Listener
        {
            Name = name,
            Address = Socket(address, port),
            FilterChains =
            {
                new FilterChain
                {
                    Filters = { new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(hcm) } },
                },
            },
        };
    }

    public static TransportSocket Tls(IMessage context) =>
        new() { Name = "envoy.transport_sockets.tls", TypedConfig = Any.Pack(context) };
}
