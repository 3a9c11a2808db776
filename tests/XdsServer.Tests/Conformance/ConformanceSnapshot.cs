using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using RouteProto = Envoy.Config.Route.V3.Route;
using Router = Envoy.Extensions.Filters.Http.Router.V3.Router;

namespace Mesh.XdsServer.Tests.Conformance;

/// <summary>
/// The hand-built config the proxyless client runs on: an API listener named like the target host, its HCM on RDS
/// through ADS, a route splitting traffic by weight between two EDS clusters, one backend each (locality weighted,
/// as grpc-js-xds drops a locality without load_balancing_weight).
/// </summary>
internal static class ConformanceSnapshot
{
    public const string Host = "echo.mesh.test";
    public const string RouteName = "echo-routes";
    public const string OnlyBRouteName = "echo-routes-b-only";

    public static string ClusterOf(string backend) => $"echo-{backend}";

    /// <summary>The good config: <paramref name="weightA"/> to backend a, the rest of 100 to backend b.</summary>
    public static IReadOnlyList<IMessage> Weighted(int portA, int portB, uint weightA) =>
    [
        Listener(RouteName, useOriginalDst: false),
        WeightedRoutes(RouteName, weightA, 100 - weightA),
        Cluster(ClusterOf("a")), Cluster(ClusterOf("b")),
        Endpoints(ClusterOf("a"), portA), Endpoints(ClusterOf("b"), portB),
    ];

    /// <summary>
    /// An update grpc-js-xds rejects: the listener sets use_original_dst (valid for Envoy and for protoc-gen-validate,
    /// NACKed by the proxyless client) and, were it accepted, would send every call to backend b.
    /// </summary>
    public static IReadOnlyList<IMessage> RejectedUpdate(int portA, int portB, uint weightA) =>
    [
        Listener(OnlyBRouteName, useOriginalDst: true),
        WeightedRoutes(RouteName, weightA, 100 - weightA),
        WeightedRoutes(OnlyBRouteName, 0, 100),
        Cluster(ClusterOf("a")), Cluster(ClusterOf("b")),
        Endpoints(ClusterOf("a"), portA), Endpoints(ClusterOf("b"), portB),
    ];

    private static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };

    private static Listener Listener(string routeName, bool useOriginalDst)
    {
        var hcm = new Hcm.HttpConnectionManager
        {
            StatPrefix = Host,
            Rds = new Hcm.Rds { ConfigSource = Ads(), RouteConfigName = routeName },
            HttpFilters = { new Hcm.HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) } },
        };
        var listener = new Listener { Name = Host, ApiListener = new ApiListener { ApiListener_ = Any.Pack(hcm) } };
        if (useOriginalDst)
        {
            listener.UseOriginalDst = true;
        }

        return listener;
    }

    private static RouteConfiguration WeightedRoutes(string name, uint weightA, uint weightB)
    {
        var split = new WeightedCluster();
        if (weightA > 0)
        {
            split.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = ClusterOf("a"), Weight = weightA });
        }

        split.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = ClusterOf("b"), Weight = weightB });
        return new RouteConfiguration
        {
            Name = name,
            VirtualHosts =
            {
                new VirtualHost
                {
                    Name = "echo",
                    Domains = { Host },
                    Routes = { new RouteProto { Match = new RouteMatch { Prefix = "" }, Route_ = new RouteAction { WeightedClusters = split } } },
                },
            },
        };
    }

    private static Cluster Cluster(string name) => new()
    {
        Name = name,
        Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
        EdsClusterConfig = new Envoy.Config.Cluster.V3.Cluster.Types.EdsClusterConfig { EdsConfig = Ads() },
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
        LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RoundRobin,
    };

    private static ClusterLoadAssignment Endpoints(string cluster, int port) => new()
    {
        ClusterName = cluster,
        Endpoints =
        {
            new LocalityLbEndpoints
            {
                Locality = new Locality { Region = "local", Zone = "loopback" },
                LoadBalancingWeight = 1,
                LbEndpoints =
                {
                    new LbEndpoint
                    {
                        Endpoint = new Envoy.Config.Endpoint.V3.Endpoint
                        {
                            Address = new Address { SocketAddress = new SocketAddress { Address = "127.0.0.1", PortValue = (uint)port } },
                        },
                    },
                },
            },
        },
    };
}
