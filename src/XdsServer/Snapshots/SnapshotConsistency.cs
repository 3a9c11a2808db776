using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;

namespace Mesh.XdsServer.Snapshots;

/// <summary>
/// Cross-resource checks of a snapshot (after go-control-plane's Snapshot.Consistent): every ClusterLoadAssignment an EDS
/// cluster names and every RouteConfiguration an RDS listener names must be in the same snapshot, or the proxy would wait
/// for it forever (Envoy keeps the cluster or listener warming).
/// </summary>
internal static class SnapshotConsistency
{
    private const string HcmTypeUrl =
        "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

    public static List<string> Check(IReadOnlyDictionary<string, TypeResources> types)
    {
        var errors = new List<string>();
        var endpoints = types.GetValueOrDefault(TypeUrls.Endpoint);
        var routes = types.GetValueOrDefault(TypeUrls.Route);

        if (types.TryGetValue(TypeUrls.Cluster, out var clusters))
        {
            foreach (var resource in clusters.Ordered)
            {
                CheckCluster((Cluster)resource.Message, endpoints, errors);
            }
        }

        if (types.TryGetValue(TypeUrls.Listener, out var listeners))
        {
            foreach (var resource in listeners.Ordered)
            {
                CheckListener((Listener)resource.Message, routes, errors);
            }
        }

        return errors;
    }

    private static void CheckCluster(Cluster cluster, TypeResources? endpoints, List<string> errors)
    {
        if (cluster.ClusterDiscoveryTypeCase != Cluster.ClusterDiscoveryTypeOneofCase.Type
            || cluster.Type != Cluster.Types.DiscoveryType.Eds)
        {
            return;
        }

        var serviceName = string.IsNullOrEmpty(cluster.EdsClusterConfig?.ServiceName)
            ? cluster.Name
            : cluster.EdsClusterConfig.ServiceName;
        if (endpoints is null || !endpoints.ByName.ContainsKey(serviceName))
        {
            errors.Add(
                $"Cluster '{cluster.Name}' is EDS but the snapshot has no ClusterLoadAssignment with cluster_name '{serviceName}': " +
                "add it (it may have no endpoints) or make the cluster non-EDS.");
        }
    }

    private static void CheckListener(Listener listener, TypeResources? routes, List<string> errors)
    {
        foreach (var (where, any) in HcmConfigs(listener))
        {
            HttpConnectionManager hcm;
            try
            {
                hcm = HttpConnectionManager.Parser.ParseFrom(any.Value);
            }
            catch (Google.Protobuf.InvalidProtocolBufferException e)
            {
                errors.Add($"Listener '{listener.Name}' {where}: the HttpConnectionManager does not parse ({e.Message}).");
                continue;
            }

            if (hcm.RouteSpecifierCase != HttpConnectionManager.RouteSpecifierOneofCase.Rds)
            {
                continue;
            }

            var routeName = hcm.Rds.RouteConfigName;
            if (routes is null || !routes.ByName.ContainsKey(routeName))
            {
                errors.Add(
                    $"Listener '{listener.Name}' {where} uses RDS route_config_name '{routeName}' but the snapshot has no " +
                    "RouteConfiguration of that name: add it or inline the route_config.");
            }
        }
    }

    private static IEnumerable<(string Where, Any Config)> HcmConfigs(Listener listener)
    {
        if (listener.ApiListener?.ApiListener_ is { TypeUrl: HcmTypeUrl } api)
        {
            yield return ("api_listener", api);
        }

        for (var i = 0; i < listener.FilterChains.Count; i++)
        {
            foreach (var config in ChainHcms(listener.FilterChains[i], $"filter_chains[{i}]"))
            {
                yield return config;
            }
        }

        if (listener.DefaultFilterChain is { } defaultChain)
        {
            foreach (var config in ChainHcms(defaultChain, "default_filter_chain"))
            {
                yield return config;
            }
        }
    }

    private static IEnumerable<(string Where, Any Config)> ChainHcms(FilterChain chain, string path)
    {
        for (var j = 0; j < chain.Filters.Count; j++)
        {
            if (chain.Filters[j].TypedConfig is { TypeUrl: HcmTypeUrl } typed)
            {
                yield return ($"{path}.filters[{j}]", typed);
            }
        }
    }
}
