using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;
using EnvoyEndpoint = Envoy.Config.Endpoint.V3.Endpoint;
using EnvoyRoute = Envoy.Config.Route.V3.Route;

namespace Mesh.XdsServer.Tests.Support;

/// <summary>Small hand-built Envoy resources for protocol tests.</summary>
internal static class TestResources
{
    public static Cluster EdsCluster(string name, string? serviceName = null) => new()
    {
        Name = name,
        Type = Cluster.Types.DiscoveryType.Eds,
        EdsClusterConfig = new Cluster.Types.EdsClusterConfig
        {
            ServiceName = serviceName ?? "",
            EdsConfig = new ConfigSource { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 },
        },
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
    };

    public static Cluster StaticCluster(string name) => new()
    {
        Name = name,
        Type = Cluster.Types.DiscoveryType.Static,
    };

    public static ClusterLoadAssignment Endpoints(string clusterName, params int[] ports)
    {
        var locality = new LocalityLbEndpoints { LoadBalancingWeight = 1 };
        foreach (var port in ports)
        {
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new EnvoyEndpoint
                {
                    Address = new Address { SocketAddress = new SocketAddress { Address = "127.0.0.1", PortValue = (uint)port } },
                },
            });
        }

        return new ClusterLoadAssignment { ClusterName = clusterName, Endpoints = { locality } };
    }

    public static Listener ApiListener(string name, string routeName)
    {
        var hcm = new HttpConnectionManager
        {
            StatPrefix = name,
            Rds = new Rds
            {
                RouteConfigName = routeName,
                ConfigSource = new ConfigSource { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 },
            },
        };
        return new Listener { Name = name, ApiListener = new ApiListener { ApiListener_ = Any.Pack(hcm) } };
    }

    public static Listener SocketListener(string name, string routeName, int port)
    {
        var hcm = new HttpConnectionManager
        {
            StatPrefix = name,
            Rds = new Rds
            {
                RouteConfigName = routeName,
                ConfigSource = new ConfigSource { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 },
            },
        };
        return new Listener
        {
            Name = name,
            Address = new Address { SocketAddress = new SocketAddress { Address = "0.0.0.0", PortValue = (uint)port } },
            FilterChains = { new FilterChain { Filters = { new Envoy.Config.Listener.V3.Filter { Name = "hcm", TypedConfig = Any.Pack(hcm) } } } },
        };
    }

    public static RouteConfiguration Route(string name, string cluster) => new()
    {
        Name = name,
        VirtualHosts =
        {
            new VirtualHost
            {
                Name = name,
                Domains = { "*" },
                Routes =
                {
                    new EnvoyRoute
                    {
                        Match = new RouteMatch { Prefix = "/" },
                        Route_ = new RouteAction { Cluster = cluster },
                    },
                },
            },
        },
    };

    /// <summary>A consistent service: EDS cluster, its endpoints, an API listener and its route.</summary>
    public static Google.Protobuf.IMessage[] Service(string name, params int[] ports) =>
    [
        EdsCluster(name),
        Endpoints(name, ports),
        ApiListener(name, name),
        Route(name, name),
    ];
}
