using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using RouteProto = Envoy.Config.Route.V3.Route;
using Filter = Envoy.Config.Listener.V3.Filter;
using RetryPolicy = Envoy.Config.Route.V3.RetryPolicy;
using Router = Envoy.Extensions.Filters.Http.Router.V3.Router;

namespace Mesh.XdsServer.Tests.Validation;

/// <summary>A realistic sidecar config (listener, routes, cluster, endpoints), valid; tests break one field at a time.</summary>
internal static class SidecarBundle
{
    public const string ClusterName = "outbound|8080||reviews.default.svc.cluster.local";

    public static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };

    public static Hcm.HttpConnectionManager HttpConnectionManager() => new()
    {
        StatPrefix = "outbound_0.0.0.0_8080",
        Rds = new Hcm.Rds { ConfigSource = Ads(), RouteConfigName = "8080" },
        HttpFilters = { new Hcm.HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) } },
        NormalizePath = true,
    };

    public static Listener Listener(Hcm.HttpConnectionManager? hcm = null) => new()
    {
        Name = "0.0.0.0_8080",
        Address = new Address { SocketAddress = new SocketAddress { Address = "0.0.0.0", PortValue = 8080 } },
        FilterChains =
        {
            new FilterChain
            {
                Filters =
                {
                    new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(hcm ?? HttpConnectionManager()) },
                },
            },
        },
    };

    public static RouteConfiguration Routes() => new()
    {
        Name = "8080",
        VirtualHosts =
        {
            new VirtualHost
            {
                Name = "reviews.default.svc.cluster.local:8080",
                Domains = { "reviews.default.svc.cluster.local", "reviews" },
                Routes =
                {
                    new RouteProto
                    {
                        Match = new RouteMatch { Prefix = "/" },
                        Route_ = new RouteAction
                        {
                            WeightedClusters = new WeightedCluster
                            {
                                Clusters =
                                {
                                    new WeightedCluster.Types.ClusterWeight { Name = ClusterName, Weight = 90 },
                                    new WeightedCluster.Types.ClusterWeight { Name = ClusterName + "-canary", Weight = 10 },
                                },
                            },
                            Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(15)),
                            RetryPolicy = new RetryPolicy
                            {
                                RetryOn = "5xx,connect-failure",
                                NumRetries = 2,
                                RetryBackOff = new RetryPolicy.Types.RetryBackOff { BaseInterval = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(25)) },
                            },
                        },
                    },
                },
            },
        },
    };

    public static Cluster Cluster() => new()
    {
        Name = ClusterName,
        Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
        EdsClusterConfig = new Envoy.Config.Cluster.V3.Cluster.Types.EdsClusterConfig { EdsConfig = Ads() },
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
        LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RoundRobin,
    };

    public static ClusterLoadAssignment Endpoints() => new()
    {
        ClusterName = ClusterName,
        Endpoints =
        {
            new LocalityLbEndpoints
            {
                Locality = new Locality { Region = "eu-west1", Zone = "eu-west1-b" },
                LoadBalancingWeight = 1,
                LbEndpoints =
                {
                    new LbEndpoint
                    {
                        Endpoint = new Envoy.Config.Endpoint.V3.Endpoint
                        {
                            Address = new Address { SocketAddress = new SocketAddress { Address = "10.0.0.7", PortValue = 8080 } },
                        },
                    },
                },
            },
        },
    };
}
