using System.Collections.Concurrent;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// Resources built once per model and shared by every proxy that needs them: the same message instances go to every
/// proxy, so a snapshot cache that serializes per instance serializes each once. Safe for concurrent translations.
/// Nothing here is mutated after it is stored.
/// </summary>
internal sealed class SharedTranslation
{
    private readonly ConcurrentDictionary<(ServiceRef Service, bool Proxyless, bool ClientTls), IReadOnlyList<Cluster>> _serviceClusters = new();
    private readonly ConcurrentDictionary<(string Cluster, Model.Locality? Locality), ClusterLoadAssignment> _endpoints = new();
    private readonly ConcurrentDictionary<(ServiceRef Service, int Port, bool Proxyless, ProxyCapabilities Capabilities), IReadOnlyList<Route>> _routes = new();
    private readonly ConcurrentDictionary<(ServiceRef Service, int Port, bool SameNamespace), VirtualHost> _virtualHosts = new();
    private readonly ConcurrentDictionary<string, RouteConfiguration> _routeConfigs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Listener> _listeners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cluster> _clusters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Secret> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<ClusterLoadAssignment>> _endpointLists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _sourceFields = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ProxyScope, TranslatedResources> _results = new();

    public SharedTranslation(MeshModel model) => Index = new ModelIndex(model);

    public ModelIndex Index { get; }

    public IReadOnlyList<Cluster> ServiceClusters(MeshService service, bool proxyless, bool clientTls) =>
        _serviceClusters.GetOrAdd((service.Ref, proxyless, clientTls), _ => ClusterBuilder.BuildServiceClusters(Index, service, proxyless, clientTls));

    public ClusterLoadAssignment Endpoints(string cluster, Model.Locality? locality, Func<ClusterLoadAssignment> build) =>
        _endpoints.GetOrAdd((cluster, locality), _ => build());

    public IReadOnlyList<Route> Routes(MeshService service, ServicePort port, bool proxyless, ProxyCapabilities? capabilities = null) =>
        _routes.GetOrAdd((service.Ref, port.Port, proxyless, capabilities ?? ProxyCapabilities.Full),
            key => RouteBuilder.BuildRoutes(Index, service, port, proxyless, key.Capabilities));

    public VirtualHost VirtualHost(MeshService service, ServicePort port, bool sameNamespace) =>
        _virtualHosts.GetOrAdd((service.Ref, port.Port, sameNamespace), _ => RouteBuilder.BuildSidecarVirtualHost(this, service, port, sameNamespace));

    public RouteConfiguration RouteConfig(string key, Func<RouteConfiguration> build) => _routeConfigs.GetOrAdd(key, _ => build());

    public Listener Listener(string key, Func<Listener> build) => _listeners.GetOrAdd(key, _ => build());

    public Cluster Cluster(string key, Func<Cluster> build) => _clusters.GetOrAdd(key, _ => build());

    /// <summary>Whole per-proxy lists that depend only on what the proxy sees (not on who it is), keyed by the caller.</summary>
    public IReadOnlyList<ClusterLoadAssignment> EndpointList(string key, Func<IReadOnlyList<ClusterLoadAssignment>> build) =>
        _endpointLists.GetOrAdd(key, _ => build());

    public IReadOnlyDictionary<string, string> SourceFields(string key, Func<IReadOnlyDictionary<string, string>> build) =>
        _sourceFields.GetOrAdd(key, _ => build());

    public Secret Secret(string name, Func<Secret> build) => _secrets.GetOrAdd(name, _ => build());

    public TranslatedResources Result(ProxyScope scope, Func<TranslatedResources> build) => _results.GetOrAdd(scope, _ => build());
}
