using Envoy.Config.Endpoint.V3;
using Mesh.XdsServer.Model;
using static Mesh.XdsServer.Translation.ProtoHelpers;
using EnvoyEndpoint = Envoy.Config.Endpoint.V3.Endpoint;
using EnvoyLocality = Envoy.Config.Core.V3.Locality;
using Locality = Mesh.XdsServer.Model.Locality;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// EDS: one ClusterLoadAssignment per EDS cluster from the ready endpoints, grouped by locality, every locality weighted
/// (proxyless gRPC drops unweighted ones), failover priorities relative to the proxy's locality.
/// </summary>
internal static class EndpointBuilder
{
    /// <summary>Envoy's default, stated so that priority spill-over is explicit: a priority takes all traffic while at
    /// least 1/1.4 (about 71%) of its endpoints are healthy.</summary>
    public const uint OverprovisioningFactor = 140;

    public static IReadOnlyList<ClusterLoadAssignment> Build(TranslationContext context)
    {
        return context.Shared.EndpointList(new EndpointListKey(context.Scope.Kind, context.Scope.Locality, context.DependencyKey),
            () => BuildList(context), service => OfVisibleService(context, service));
    }

    private static IReadOnlyList<ClusterLoadAssignment> BuildList(TranslationContext context)
    {
        var assignments = new List<ClusterLoadAssignment>();
        foreach (var service in context.Visible)
        {
            AddService(assignments, context, service);
        }
        return assignments.OrderBy(a => a.ClusterName, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The load assignments of one service, none when the proxy does not see it.</summary>
    private static IReadOnlyList<ClusterLoadAssignment> OfVisibleService(TranslationContext context, MeshService service)
    {
        var assignments = new List<ClusterLoadAssignment>();
        if (context.Scope.Dependencies is null || context.Visible.Contains(service))
        {
            AddService(assignments, context, service);
        }
        return assignments;
    }

    private static void AddService(List<ClusterLoadAssignment> assignments, TranslationContext context, MeshService service)
    {
        // Istio applies failover only with outlier detection: without it nothing would mark a locality unhealthy.
        var failover = service.LoadBalancing.LocalityFailover && service.OutlierDetection is not null;
        var locality = failover && context.Scope.Locality != Locality.None ? context.Scope.Locality : null;
        foreach (var port in service.Ports.Where(p => p.IsHttp || context.IsSidecar))
        {
            Add(assignments, context, service, port, null, locality);
            foreach (var subset in service.Subsets)
            {
                Add(assignments, context, service, port, subset, locality);
            }
        }
    }

    private static void Add(List<ClusterLoadAssignment> assignments, TranslationContext context, MeshService service,
        ServicePort port, ServiceSubset? subset, Locality? locality)
    {
        var name = XdsNames.OutboundCluster(port.Port, subset?.Name, service.Host);
        assignments.Add(context.Shared.Endpoints(service, port, subset, locality, () => BuildAssignment(name, service, port, subset, locality)));
    }

    public static ClusterLoadAssignment BuildAssignment(string clusterName, MeshService service, ServicePort port,
        ServiceSubset? subset, Locality? proxyLocality)
    {
        var groups = service.Endpoints
            .Where(e => e.Ready && (subset is null || subset.Selects(e)))
            .GroupBy(e => (e.Region, e.Zone))
            .OrderBy(g => g.Key.Region, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Zone, StringComparer.Ordinal)
            .ToArray();
        var ranks = groups.Select(g => Rank(g.Key.Region, g.Key.Zone, proxyLocality)).ToArray();
        // Priorities must be contiguous from 0 (proxyless gRPC requires it): renumber the ranks that occur.
        var priorities = ranks.Distinct().Order().Select((rank, i) => (rank, i)).ToDictionary(x => x.rank, x => (uint)x.i);
        var assignment = new ClusterLoadAssignment
        {
            ClusterName = clusterName,
            Policy = new ClusterLoadAssignment.Types.Policy { OverprovisioningFactor = OverprovisioningFactor },
        };
        for (var i = 0; i < groups.Length; i++)
        {
            var endpoints = groups[i]
                .Select(e => (e.Address, Port: e.PortFor(port), e.Meshed))
                .Distinct()
                .OrderBy(e => e.Address, StringComparer.Ordinal)
                .ThenBy(e => e.Port)
                .ToArray();
            var locality = new LocalityLbEndpoints
            {
                Locality = new EnvoyLocality { Region = groups[i].Key.Region, Zone = groups[i].Key.Zone },
                LoadBalancingWeight = (uint)endpoints.Length,
                Priority = priorities[ranks[i]],
            };
            foreach (var (address, p, meshed) in endpoints)
            {
                var endpoint = new LbEndpoint
                {
                    Endpoint = new EnvoyEndpoint { Address = SocketAddress(address, p) },
                    LoadBalancingWeight = 1,
                };
                if (meshed && service.Mtls != MtlsMode.Disabled)
                {
                    // Selects the TLS transport socket on sidecars (UpstreamTlsBuilder); gRPC clients ignore it.
                    endpoint.Metadata = UpstreamTlsBuilder.MeshedEndpointMetadata;
                }
                locality.LbEndpoints.Add(endpoint);
            }
            assignment.Endpoints.Add(locality);
        }
        return assignment;
    }

    /// <summary>0 same zone, 1 same region, 2 elsewhere; everything 0 without a proxy locality.</summary>
    private static int Rank(string region, string zone, Locality? proxy) =>
        proxy is null ? 0
        : region == proxy.Region && zone == proxy.Zone ? 0
        : region == proxy.Region ? 1
        : 2;
}
