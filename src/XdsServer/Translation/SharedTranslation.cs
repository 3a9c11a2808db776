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
/// <para>Incremental: the per-service resources (clusters, routes, virtual hosts, ClusterLoadAssignments) live in a
/// <see cref="TranslationMemo"/> that outlives the model, keyed by the services' content versions, so a new model
/// rebuilds only the services whose content changed. The per-proxy aggregates (listeners, route configurations,
/// per-proxy lists) depend on every visible service's config: they are kept from the previous model when the mesh's
/// config version is unchanged (an endpoint-only change) and rebuilt from the memoized parts otherwise.</para>
/// </summary>
internal sealed class SharedTranslation
{
    private readonly TranslationMemo _memo;
    private readonly ConfigAggregates _config;
    private readonly ConcurrentDictionary<EndpointListKey, IReadOnlyList<ClusterLoadAssignment>> _endpointLists = new();
    private readonly ConcurrentDictionary<ProxyScope, ScopeResult> _results = new();

    // What this translation reuses of the last model's; dropped once a newer model's translation exists (see
    // ForgetPrior), so that translations do not hold every earlier model in a chain.
    private Prior? _prior;

    // The config inputs of visible sets (by their key) and of namespaces' services, hashed once per model.
    private readonly ConcurrentDictionary<string, ulong> _visibleVersions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ulong> _namespaceVersions = new(StringComparer.Ordinal);

    // Visible sets by dependency list instance: the workload index hands one list to every sidecar of a namespace, so
    // the closure over route destinations and its key are computed once per namespace and model, not once per scope.
    private readonly ConcurrentDictionary<IReadOnlyList<ServiceRef>, (IReadOnlyList<MeshService> Visible, string Key)> _visibleSets =
        new(ReferenceEqualityComparer.Instance);

    /// <summary>A model translated from scratch (no memo shared with any other model).</summary>
    public SharedTranslation(MeshModel model)
        : this(new ModelIndex(model), new TranslationMemo(), previous: null)
    {
    }

    /// <summary>
    /// A model translated with <paramref name="memo"/>; when <paramref name="previous"/> (the last model) has the same
    /// config version, its config aggregates are kept and its per-proxy results only get new endpoint lists.
    /// </summary>
    public SharedTranslation(ModelIndex index, TranslationMemo memo, SharedTranslation? previous)
    {
        Index = index;
        _memo = memo;
        if (previous is null)
        {
            _config = new ConfigAggregates();
        }
        else if (previous.Index.ConfigVersion == index.ConfigVersion)
        {
            _config = previous._config;
            _prior = new Prior(previous._endpointLists, EndpointChanges(previous.Index, index), previous._results, null, null);
        }
        else
        {
            _config = new ConfigAggregates();
            _prior = new Prior(previous._endpointLists, null, null, previous._results, previous._config);
        }
    }

    /// <summary>
    /// Drops what this translation reuses of the last model's. Called when a newer model's translation is made from this
    /// one: a result kept across models may hold its translation (a proxyless pod's server listener template holds its
    /// context), and without this every translation would hold its predecessor's results, back to the first model.
    /// A translation still running against this one then builds what it would have reused: the same output.
    /// </summary>
    public void ForgetPrior() => Volatile.Write(ref _prior, null);

    public ModelIndex Index { get; }

    public IReadOnlyList<Cluster> ServiceClusters(MeshService service, bool proxyless, bool clientTls)
    {
        var trustDomain = Index.Model.TrustDomain;
        var key = new ServiceClustersKey(service.Ref, Index.VersionOf(service).Config, proxyless, clientTls, trustDomain, Index.RetryBudgetsOf(service));
        return _memo.ServiceClusters.GetOrAdd(key, () => ClusterBuilder.BuildServiceClusters(Index, service, proxyless, clientTls));
    }

    public ClusterLoadAssignment Endpoints(MeshService service, ServicePort port, ServiceSubset? subset, Model.Locality? locality, Func<ClusterLoadAssignment> build) =>
        _memo.Endpoints.GetOrAdd(new EndpointsKey(service.Ref, Index.VersionOf(service), port.Port, subset?.Name, locality), build);

    public IReadOnlyList<Route> Routes(MeshService service, ServicePort port, bool proxyless, ProxyCapabilities? capabilities = null)
    {
        var forms = capabilities ?? ProxyCapabilities.Full;
        return _memo.Routes.GetOrAdd(RoutesKeyOf(service, port, proxyless, forms), () => RouteBuilder.BuildRoutes(Index, service, port, proxyless, forms));
    }

    public VirtualHost VirtualHost(MeshService service, ServicePort port, bool sameNamespace) =>
        _memo.VirtualHosts.GetOrAdd(new VirtualHostKey(RoutesKeyOf(service, port, proxyless: false, ProxyCapabilities.Full), sameNamespace),
            () => RouteBuilder.BuildSidecarVirtualHost(this, service, port, sameNamespace));

    public RouteConfiguration RouteConfig(SidecarRouteConfigKey key, Func<RouteConfiguration> build) =>
        _config.SidecarRouteConfigs.GetOrAdd(key, k => Interned(PriorConfig?.SidecarRouteConfigs, k, build(), MessageInterning.Message));

    /// <summary>A proxyless route configuration, kept across config changes while its routes' key is the same.</summary>
    public RouteConfiguration ProxylessRouteConfig(MeshService service, ServicePort port, ProxyCapabilities capabilities, Func<RouteConfiguration> build) =>
        _memo.ProxylessRouteConfigs.GetOrAdd(new ProxylessRouteConfigKey(RoutesKeyOf(service, port, proxyless: true, capabilities)), build);

    /// <summary>A listener cached by a string key for as long as the mesh's config is the same (the key need not name
    /// service config: a config change starts afresh).</summary>
    public Listener Listener(string key, Func<Listener> build) =>
        _config.Listeners.GetOrAdd(key, k => Interned(PriorConfig?.Listeners, k, build(), MessageInterning.Message));

    /// <summary>A listener kept across config changes: its typed key names every input, service config versions included.</summary>
    public Listener Listener(ListenerKey key, Func<Listener> build) => _memo.Listeners.GetOrAdd(key, build);

    /// <summary>
    /// A cluster shared by name and by the input it is built from (a record compared by value): an inbound cluster of
    /// the same port is HTTP/2 for one pod and HTTP/1 for another, so the name alone must not pick it.
    /// </summary>
    public Cluster Cluster(string name, object? input, Func<Cluster> build) => _memo.SharedClusters.GetOrAdd(new SharedClusterKey(name, input), build);

    /// <summary>The visible services' clusters, distinct and ordered by name, shared by the proxies that see the same
    /// services (per config: the key does not name service versions).</summary>
    public OutboundClusters OutboundClusters(OutboundClustersKey key, Func<OutboundClusters> build) =>
        _config.OutboundClusters.GetOrAdd(key, k => Interned(PriorConfig?.OutboundClusters, k, build(),
            static (prior, built) => MessageInterning.SameItems(prior.Ordered, built.Ordered) ? prior : built));

    /// <summary>Whole per-proxy EDS lists that depend only on what the proxy sees (not on who it is).</summary>
    /// <remarks>After an endpoint-only change the last model's list under the same key is patched: the load assignments
    /// of the changed services (<paramref name="ofService"/>: none when the proxy does not see the service) replace theirs
    /// by position, so an endpoint change costs what changed, not a walk over every service per list.</remarks>
    public IReadOnlyList<ClusterLoadAssignment> EndpointList(EndpointListKey key, Func<IReadOnlyList<ClusterLoadAssignment>> build,
        Func<MeshService, IReadOnlyList<ClusterLoadAssignment>> ofService) =>
        _endpointLists.GetOrAdd(key, k =>
        {
            var prior = Volatile.Read(ref _prior);
            return prior?.EndpointChanges is { } changed && prior.EndpointLists.TryGetValue(k, out var last)
                && EndpointPatch.TryApply(last, changed, ofService) is { } patched
                ? patched
                : Interned(prior?.EndpointLists, k, build(), static (before, built) => MessageInterning.SameItems(before, built) ? before : built);
        });

    public IReadOnlyDictionary<string, string> SourceFields(SourceFieldsKey key, Func<IReadOnlyDictionary<string, string>> build) =>
        _config.SourceFields.GetOrAdd(key, k => Interned(PriorConfig?.SourceFields, k, build(), static (prior, map) => StringMaps.Same(prior, map) ? prior : map));

    /// <summary>The services a proxy with <paramref name="dependencies"/> sees, and their key (built once per list instance).</summary>
    public (IReadOnlyList<MeshService> Visible, string Key) VisibleSet(IReadOnlyList<ServiceRef> dependencies, Func<(IReadOnlyList<MeshService>, string)> build) =>
        _visibleSets.GetOrAdd(dependencies, static (_, b) => b(), build);

    /// <summary>The ports of the services one visible set holds (per config: ports are config).</summary>
    public VisiblePorts VisiblePorts(string visible, Func<VisiblePorts> build) => _config.VisiblePorts.GetOrAdd(visible, _ => build());

    public Secret Secret(string name, Func<Secret> build) =>
        _config.Secrets.GetOrAdd(name, k => Interned(PriorConfig?.Secrets, k, build(), MessageInterning.Message));

    /// <summary>
    /// The translation of one scope. After an endpoint-only change the previous model's result for the scope is kept
    /// with only its EDS list rebuilt (<paramref name="endpoints"/>): clusters, listeners, routes and secrets stay the
    /// same instances, so their versions do not move and nothing but EDS is pushed. After a config change the same holds
    /// for a scope whose config inputs (<see cref="ScopeConfigKey"/>) hash as before: a route edit of one service
    /// rebuilds only the scopes that see or serve a service whose config it moved.
    /// </summary>
    public TranslatedResources Result(ProxyScope scope, Func<TranslationContext, TranslatedResources> build,
        Func<TranslationContext, IReadOnlyList<ClusterLoadAssignment>> endpoints) =>
        _results.GetOrAdd(scope, s => ResultOf(s, build, endpoints)).Resources;

    private ScopeResult ResultOf(ProxyScope scope, Func<TranslationContext, TranslatedResources> build,
        Func<TranslationContext, IReadOnlyList<ClusterLoadAssignment>> endpoints)
    {
        var context = new TranslationContext(this, scope);
        var last = Volatile.Read(ref _prior);
        if (last?.SameConfigResults is { } same && same.TryGetValue(scope, out var previous))
        {
            // The same config: the same inputs.
            var resources = WithEndpoints(previous.Resources, endpoints(context));
            return ReferenceEquals(resources, previous.Resources) ? previous : previous with { Resources = resources };
        }

        var inputs = ConfigKeyOf(context);
        if (last?.Results is not { } results || !results.TryGetValue(scope, out var prior))
        {
            return new ScopeResult(build(context), inputs);
        }

        return new ScopeResult(
            prior.Inputs == inputs ? WithEndpoints(prior.Resources, endpoints(context)) : KeepPrior(build(context), prior.Resources),
            inputs);
    }

    /// <summary>
    /// Everything a scope's config reads of the model beside the scope itself: the settings (trust domain, namespaces'
    /// mTLS, egress and telemetry), what it reads of the services it sees (<see cref="TranslationContext.Visible"/>,
    /// which also names them) and of every service of its namespace (those it serves are among them).
    /// </summary>
    private ScopeConfigKey ConfigKeyOf(TranslationContext context) => new(
        Index.SettingsVersion,
        _visibleVersions.GetOrAdd(context.DependencyKey, static (_, c) => c.Index.ConfigVersionOf(c.Visible), context),
        _namespaceVersions.GetOrAdd(context.Scope.Namespace, static (ns, index) => index.ConfigVersionOf(index.ServicesIn(ns)), Index));

    /// <summary>The previous result itself when the scope's EDS list is the same instance (a scope that sees none of the
    /// changed services): the publisher then keeps the scope's snapshot as it is instead of checking it again.</summary>
    private static TranslatedResources WithEndpoints(TranslatedResources previous, IReadOnlyList<ClusterLoadAssignment> endpoints) =>
        ReferenceEquals(previous.Endpoints, endpoints) ? previous : previous with { Endpoints = endpoints };

    /// <summary><paramref name="built"/> with each list that holds the same messages as the prior result's (the same
    /// instances, or equal ones: secrets are rebuilt per config) replaced by the prior list; the prior result itself when
    /// nothing differs.</summary>
    private static TranslatedResources KeepPrior(TranslatedResources built, TranslatedResources? prior)
    {
        if (prior is null)
        {
            return built;
        }

        var kept = built with
        {
            Clusters = MessageInterning.SameItems(prior.Clusters, built.Clusters) ? prior.Clusters : built.Clusters,
            Endpoints = MessageInterning.SameItems(prior.Endpoints, built.Endpoints) ? prior.Endpoints : built.Endpoints,
            Listeners = MessageInterning.SameItems(prior.Listeners, built.Listeners) ? prior.Listeners : built.Listeners,
            Routes = MessageInterning.SameItems(prior.Routes, built.Routes) ? prior.Routes : built.Routes,
            Secrets = MessageInterning.SameItems(prior.Secrets, built.Secrets) ? prior.Secrets : built.Secrets,
        };
        return ReferenceEquals(kept.Clusters, prior.Clusters) && ReferenceEquals(kept.Endpoints, prior.Endpoints)
            && ReferenceEquals(kept.Listeners, prior.Listeners) && ReferenceEquals(kept.Routes, prior.Routes)
            && ReferenceEquals(kept.Secrets, prior.Secrets) && ReferenceEquals(kept.SourceFields, prior.SourceFields)
            && ReferenceEquals(kept.SourcePolicies, prior.SourcePolicies)
            ? prior
            : kept;
    }

    /// <summary>
    /// What a config aggregate built after a config change keeps of the last config's value under the same key: every
    /// proxy that sees the same services gets the aggregate, so comparing here, once per key, is what spares a comparison
    /// per proxy in <see cref="KeepPrior"/>.
    /// </summary>
    private static TValue Interned<TKey, TValue>(ConcurrentDictionary<TKey, TValue>? prior, TKey key, TValue built, Func<TValue, TValue, TValue> reuse)
        where TKey : notnull =>
        prior is not null && prior.TryGetValue(key, out var last) ? reuse(last, built) : built;

    /// <summary>The services of <paramref name="after"/> whose endpoints differ from <paramref name="before"/>'s, when
    /// both have the same config (so the same services in the same order); null when they cannot be paired or when so
    /// many changed that patching would not pay.</summary>
    private static IReadOnlyList<MeshService>? EndpointChanges(ModelIndex before, ModelIndex after)
    {
        if (before.Services.Count != after.Services.Count)
        {
            return null;
        }
        var changed = new List<MeshService>();
        for (var i = 0; i < after.Services.Count; i++)
        {
            var (was, now) = (before.Services[i], after.Services[i]);
            if (ReferenceEquals(was, now))
            {
                continue;
            }
            if (was.Ref != now.Ref)
            {
                return null;
            }
            if (before.VersionOf(was).Endpoints != after.VersionOf(now).Endpoints)
            {
                changed.Add(now);
            }
        }
        return changed.Count <= Math.Max(8, after.Services.Count / 8) ? changed : null;
    }

    private RoutesKey RoutesKeyOf(MeshService service, ServicePort port, bool proxyless, ProxyCapabilities capabilities) =>
        new(service.Ref, Index.VersionOf(service).Config, port.Port, proxyless, Index.DestinationsVersionOf(service), capabilities);

    private ConfigAggregates? PriorConfig => Volatile.Read(ref _prior)?.Config;

    /// <summary>
    /// The last model's state this one reuses: after an endpoint-only change its EDS lists (patched where
    /// <paramref name="EndpointChanges"/> names the services whose endpoints changed; null when unknown or when a full
    /// build is as cheap) and its results (<paramref name="SameConfigResults"/>); after a config change its results and
    /// aggregates, to hand out their instances again wherever the rebuilt lists and maps hold the same (a route change of
    /// one service leaves most proxies' clusters and listeners as they were, and a list kept by instance keeps its
    /// TypeResources: no sorting, hashing or check again).
    /// </summary>
    private sealed record Prior(
        ConcurrentDictionary<EndpointListKey, IReadOnlyList<ClusterLoadAssignment>> EndpointLists,
        IReadOnlyList<MeshService>? EndpointChanges,
        IReadOnlyDictionary<ProxyScope, ScopeResult>? SameConfigResults,
        IReadOnlyDictionary<ProxyScope, ScopeResult>? Results,
        ConfigAggregates? Config);

    /// <summary>A scope's translation and the config inputs it was built from.</summary>
    private sealed record ScopeResult(TranslatedResources Resources, ScopeConfigKey Inputs);

    /// <summary>What depends on the mesh's config (every service but its endpoints) and on nothing else.</summary>
    private sealed class ConfigAggregates
    {
        public ConcurrentDictionary<SidecarRouteConfigKey, RouteConfiguration> SidecarRouteConfigs { get; } = new();

        public ConcurrentDictionary<string, Listener> Listeners { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<OutboundClustersKey, OutboundClusters> OutboundClusters { get; } = new();

        public ConcurrentDictionary<string, Secret> Secrets { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<SourceFieldsKey, IReadOnlyDictionary<string, string>> SourceFields { get; } = new();

        public ConcurrentDictionary<string, VisiblePorts> VisiblePorts { get; } = new(StringComparer.Ordinal);
    }
}
