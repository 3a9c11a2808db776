using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The per-service resources of the models translated so far, keyed by content versions (<see cref="TranslationKeys"/>):
/// what a new model shares with the last one is not built again. Config-dependent memos move to a new generation only
/// when the mesh's config changes.
/// </summary>
internal sealed class TranslationMemo
{
    // Identities: each key without the content versions it carries, so that a value rebuilt for a moved version is
    // compared with the one built before it (see GenerationalMemo).
    public GenerationalMemo<ServiceClustersKey, IReadOnlyList<Cluster>> ServiceClusters { get; } =
        new(new(k => k with { Config = 0, RetryBudgets = 0 }, MessageInterning.List));

    public GenerationalMemo<RoutesKey, IReadOnlyList<Route>> Routes { get; } = new(new(Unversioned, MessageInterning.List));

    public GenerationalMemo<VirtualHostKey, VirtualHost> VirtualHosts { get; } =
        new(new(k => k with { Routes = Unversioned(k.Routes) }, MessageInterning.Message));

    public GenerationalMemo<EndpointsKey, ClusterLoadAssignment> Endpoints { get; } =
        new(new(k => k with { Version = default }, MessageInterning.Message));

    /// <summary>Clusters that depend only on the record they are built from (see <see cref="SharedClusterKey"/>).</summary>
    public GenerationalMemo<SharedClusterKey, Cluster> SharedClusters { get; } = new();

    /// <summary>Listeners whose keys name every input (<see cref="ListenerKey"/>): kept across config changes.</summary>
    public GenerationalMemo<ListenerKey, Listener> Listeners { get; } = new();

    /// <summary>Proxyless route configurations, keyed by their routes' key.</summary>
    public GenerationalMemo<ProxylessRouteConfigKey, RouteConfiguration> ProxylessRouteConfigs { get; } =
        new(new(k => Unversioned(k.Routes), MessageInterning.Message));

    /// <summary>
    /// Called when a new model comes; <paramref name="configChanged"/> when its config version differs. Only a config
    /// change starts a generation: between config changes the set of services is the same, an endpoint change patches
    /// the load assignment lists without looking up the unchanged ones, and each superseded load assignment is dropped
    /// as its successor is built (interning), so nothing accumulates.
    /// </summary>
    public void NextGeneration(bool configChanged)
    {
        if (configChanged)
        {
            Endpoints.NextGeneration();
            ServiceClusters.NextGeneration();
            Routes.NextGeneration();
            VirtualHosts.NextGeneration();
            SharedClusters.NextGeneration();
            Listeners.NextGeneration();
            ProxylessRouteConfigs.NextGeneration();
        }
    }

    private static RoutesKey Unversioned(RoutesKey key) => key with { Config = 0, Destinations = 0 };
}
