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

namespace Mesh.Xds.LoadHarness;

/// <summary>
/// A synthetic mesh, the same in the driver and the server process (deterministic from its parameters): services with
/// an EDS cluster and endpoints each, one outbound HTTP listener on 8080 routing by virtual host, and per proxy a fixed
/// set of dependencies (for scoped config).
/// </summary>
internal sealed class World
{
    public const string RouteName = "8080";
    private readonly ClusterLoadAssignment[] _endpoints;
    private readonly int _endpointsPerService;

    public World(int services, int endpointsPerService)
    {
        Services = services;
        _endpointsPerService = endpointsPerService;
        Clusters = [.. Enumerable.Range(0, services).Select(Cluster)];
        _endpoints = [.. Enumerable.Range(0, services).Select(s => Endpoints(s, generation: 0))];
        Listener = BuildListener();
    }

    public int Services { get; }

    public Cluster[] Clusters { get; }

    public IReadOnlyList<ClusterLoadAssignment> EndpointSets => _endpoints;

    public Listener Listener { get; }

    public static string ClusterName(int service) => $"outbound|8080||svc-{service}.mesh.svc.cluster.local";

    /// <summary>The services proxy <paramref name="proxy"/> calls (distinct, spread evenly, the same in every process).</summary>
    public int[] Dependencies(int proxy, int count)
    {
        var random = new Random(proxy * 7919 + 17);
        var picked = new HashSet<int>();
        while (picked.Count < Math.Min(count, Services))
        {
            picked.Add(random.Next(Services));
        }

        return [.. picked.Order()];
    }

    /// <summary>Moves one endpoint of <paramref name="service"/> (a pod replaced), returning the new assignment.</summary>
    public ClusterLoadAssignment ChangeOneEndpoint(int service, int generation) => _endpoints[service] = Endpoints(service, generation);

    public RouteConfiguration Routes(IEnumerable<int> services)
    {
        var routes = new RouteConfiguration { Name = RouteName };
        foreach (var s in services)
        {
            routes.VirtualHosts.Add(new VirtualHost
            {
                Name = $"svc-{s}.mesh.svc.cluster.local:8080",
                Domains = { $"svc-{s}.mesh.svc.cluster.local", $"svc-{s}" },
                Routes =
                {
                    new RouteProto
                    {
                        Match = new RouteMatch { Prefix = "/" },
                        Route_ = new RouteAction { Cluster = ClusterName(s), Timeout = Duration.FromTimeSpan(TimeSpan.Zero) },
                    },
                },
            });
        }

        return routes;
    }

    /// <summary>The resources of one proxy: everything, or only its dependencies.</summary>
    public List<IMessage> ResourcesFor(IReadOnlyCollection<int> services, RouteConfiguration routes)
    {
        var resources = new List<IMessage>(services.Count * 2 + 2) { Listener, routes };
        foreach (var s in services)
        {
            resources.Add(Clusters[s]);
            resources.Add(_endpoints[s]);
        }

        return resources;
    }

    private static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };

    private static Cluster Cluster(int service) => new()
    {
        Name = ClusterName(service),
        Type = Envoy.Config.Cluster.V3.Cluster.Types.DiscoveryType.Eds,
        EdsClusterConfig = new Envoy.Config.Cluster.V3.Cluster.Types.EdsClusterConfig { EdsConfig = Ads(), ServiceName = ClusterName(service) },
        ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
        LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RoundRobin,
    };

    private ClusterLoadAssignment Endpoints(int service, int generation)
    {
        var locality = new LocalityLbEndpoints { Locality = new Locality { Region = "r1", Zone = "z1" }, LoadBalancingWeight = 1 };
        for (var e = 0; e < _endpointsPerService; e++)
        {
            // Generation g moves endpoint 0 to a new address, as a rescheduled pod would.
            var host = e == 0 && generation > 0 ? 200 + (generation % 50) : e;
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new Envoy.Config.Endpoint.V3.Endpoint
                {
                    Address = new Address
                    {
                        SocketAddress = new SocketAddress { Address = $"10.{service / 250}.{service % 250}.{host + 1}", PortValue = 8080 },
                    },
                },
                LoadBalancingWeight = 1,
            });
        }

        return new ClusterLoadAssignment { ClusterName = ClusterName(service), Endpoints = { locality } };
    }

    private static Listener BuildListener()
    {
        var hcm = new Hcm.HttpConnectionManager
        {
            StatPrefix = "outbound_0.0.0.0_8080",
            Rds = new Hcm.Rds { ConfigSource = Ads(), RouteConfigName = RouteName },
            HttpFilters = { new Hcm.HttpFilter { Name = "envoy.filters.http.router", TypedConfig = Any.Pack(new Router()) } },
        };
        return new Listener
        {
            Name = "0.0.0.0_8080",
            Address = new Address { SocketAddress = new SocketAddress { Address = "0.0.0.0", PortValue = 8080 } },
            BindToPort = false,
            FilterChains = { new FilterChain { Filters = { new Envoy.Config.Listener.V3.Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(hcm) } } } },
        };
    }
}
