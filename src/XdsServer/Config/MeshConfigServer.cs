using System.Diagnostics;
using Envoy.Config.Core.V3;
using Grpc.Core;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Server;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Translation;
using Microsoft.Extensions.Logging;

namespace Mesh.XdsServer.Config;

/// <summary>
/// The xDS server's front door for the operator: <see cref="Publish"/> takes the whole mesh model; which proxy gets
/// what is decided here. A sidecar's node id is resolved against the model's workload index to a
/// <see cref="ProxyScope"/> when it connects and again on every publish (so a pod that appears later is served on the
/// open stream); proxies with equal scopes share one snapshot (translated and serialized once); proxyless clients
/// share one proxyless snapshot. Each snapshot is labelled with the policies whose resources it holds.
/// </summary>
public sealed class MeshConfigServer : INodeResolver
{
    /// <summary>Cache key of the snapshot every proxyless gRPC client shares.</summary>
    public const string ProxylessKey = "proxyless";

    private static readonly Snapshot Empty = Snapshot.Create(Array.Empty<CachedResource>());
    private readonly SnapshotCache _cache;
    private readonly ILogger _logger;
    private readonly INodeAuthorizer _authorizer;
    private readonly MeshTranslator _translator = new();
    private readonly ScopeOwnerMaps _ownerMaps = new();
    // Waited on asynchronously by stream starts: 2,000 reconnecting streams blocking pool threads on a lock held by a
    // publish starved the pool, and with it every TLS handshake, for as long as the publish ran.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SidecarNode> _sidecars = new(StringComparer.Ordinal);

    // Proxyless clients share one snapshot per capability set seen (ProxyCapabilityTable): C-core before gRFC A63 gets
    // the deprecated HeaderMatcher fields, grpc-js string_match; Full is served under ProxylessKey. Built only once a
    // client of the set has connected: the snapshot holds every service of the mesh, and building and checking it for
    // nobody was most of a starting operator's first publish (1.7 of 2.4 s with 1,000 services), which every
    // reconnecting sidecar waits for.
    private readonly HashSet<ProxyCapabilities> _proxylessVariants = [];
    private Published? _published;

    /// <summary>How many scope translations ran the builders (see <see cref="MeshTranslator.ScopeBuilds"/>).</summary>
    internal long ScopeBuilds => _translator.ScopeBuilds;

    // Sidecars served an empty config, by cache key: kept apart from the server's lock, so that a status reconcile asking
    // for them never waits for a publish.
    private readonly Lock _unknownGate = new();
    private readonly Dictionary<string, string> _unknownKeys = new(StringComparer.Ordinal);
    private string[]? _unknownNodes;

    /// <summary>The last served snapshot of each (scope, policy) with the translation it was made from: reused as is when a
    /// new model translates to the very same resources and labels, so that its proxies are not even woken.</summary>
    private Dictionary<PublishBuild.SnapshotKey, PublishBuild.BuiltSnapshot> _lastSnapshots = new();

    public MeshConfigServer(SnapshotCache cache, ILogger<MeshConfigServer> logger, INodeAuthorizer? authorizer = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(logger);
        _cache = cache;
        _logger = logger;
        _authorizer = authorizer ?? AllowAllNodes.Instance;
    }

    /// <summary>The cache key of a sidecar's own snapshot entry (shared snapshots, one entry per node).</summary>
    public static string SidecarKey(string nodeId) => "sidecar/" + nodeId;

    /// <summary>The cache key of a proxyless gRPC pod's own snapshot entry (one per node id and capability set).</summary>
    public static string ProxylessPodKey(string nodeId, ProxyCapabilities capabilities) =>
        $"{ProxylessKey}-pod/{capabilities.Key}/{nodeId}";

    /// <summary>The cache key of the snapshot shared by proxyless clients with <paramref name="capabilities"/>.</summary>
    public static string ProxylessKeyFor(ProxyCapabilities capabilities) =>
        capabilities == ProxyCapabilities.Full ? ProxylessKey : $"{ProxylessKey}/{capabilities.Key}";

    /// <summary>Resource name -> the MeshPolicy field it came from, over every snapshot served (to report a NACK).</summary>
    public IReadOnlyDictionary<string, string> SourceFields => Volatile.Read(ref _published)?.SourceFields ?? new Dictionary<string, string>();

    /// <summary>Where the last accepted publish spent its time (for the benchmarks).</summary>
    public PublishTimings LastPublishTimings { get; private set; } = new();

    /// <summary>Node ids of connected sidecars whose node id names no known pod (they are served an empty config).</summary>
    public IReadOnlyList<string> UnknownNodes
    {
        get
        {
            lock (_unknownGate)
            {
                // Every status reconcile asks (it names these in the policy's status): listed again only when a sidecar
                // became known or unknown, not once per reconcile over every connected sidecar.
                return _unknownNodes ??= _unknownKeys.Values.Distinct().Order(StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>
    /// Serves <paramref name="model"/>: translates once per distinct scope of the proxyless clients and the connected
    /// sidecars, checks every snapshot, then sets them all. Returns the errors that kept it from being served; then
    /// nothing changes and every proxy keeps its last good config.
    /// </summary>
    public IReadOnlyList<string> Publish(MeshModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using (Hold())
        {
            var start = Stopwatch.GetTimestamp();
            var build = new PublishBuild(model, new WorkloadIndex(model, _published?.Index), _translator, _ownerMaps, _lastSnapshots);
            var indexed = Stopwatch.GetTimestamp();
            var errors = new List<string>();
            var proxyless = _proxylessVariants.ToDictionary(c => c, c => build.SnapshotFor(ProxylessScope(c), errors));
            var sidecars = new Dictionary<string, Snapshot?>(StringComparer.Ordinal);
            foreach (var (key, node) in _sidecars)
            {
                sidecars[key] = SnapshotForNode(build, node, errors);
            }

            var validating = Stopwatch.GetTimestamp();
            foreach (var snapshot in build.Fresh())
            {
                errors.AddRange(_cache.Validate(snapshot));
            }
            var serving = Stopwatch.GetTimestamp();

            if (errors.Count > 0)
            {
                _logger.LogWarning("xDS config refused; proxies keep their last good config: {Errors}", string.Join("; ", errors));
                return errors;
            }

            foreach (var (capabilities, snapshot) in proxyless)
            {
                _cache.SetSnapshot(ProxylessKeyFor(capabilities), snapshot!);
            }

            foreach (var (key, snapshot) in sidecars)
            {
                var node = _sidecars[key];
                Serve(node.NodeId, node, snapshot);
            }

            Volatile.Write(ref _published, new Published(model, build.Index, PublishBuild.Merge(build.SourceMaps),
                new HashSet<IReadOnlyDictionary<string, string>>(build.SourceMaps, ReferenceEqualityComparer.Instance)));
            _lastSnapshots = build.Snapshots;
            LastPublishTimings = new PublishTimings
            {
                Index = Stopwatch.GetElapsedTime(start, indexed),
                Translate = Stopwatch.GetElapsedTime(0, build.TranslateTicks),
                Maps = Stopwatch.GetElapsedTime(0, build.MapTicks),
                Snapshots = Stopwatch.GetElapsedTime(0, build.SnapshotTicks),
                Validate = Stopwatch.GetElapsedTime(validating, serving),
                Serve = Stopwatch.GetElapsedTime(serving),
                Scopes = build.Snapshots.Count,
                Fresh = build.Fresh().Count(),
            };
            return [];
        }
    }

    /// <inheritdoc />
    public async ValueTask<string> ResolveAsync(Node node, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sidecar = SidecarNodeId.TryParse(node.Id, out var error);
        if (error is not null)
        {
            throw new XdsProtocolException(StatusCode.InvalidArgument, error);
        }

        // A pod node id from a gRPC library: a proxyless pod (proxy.mesh.dev/mode: proxyless-grpc), served as a gRPC
        // client and server of that pod rather than as an Envoy, under a key of its own: a stream claiming to be a gRPC
        // library never shares (or fixes the kind of) the entry of an Envoy with the same node id.
        var proxylessPod = sidecar is not null && ProxyCapabilityTable.IsGrpc(node.UserAgentName);
        var identity = _authorizer.Authorize(node.Id, sidecar, proxylessPod, context);
        var capabilities = ProxyCapabilityTable.Resolve(node.UserAgentName, node.UserAgentVersion);
        if (sidecar is null)
        {
            return await ResolveProxylessAsync(capabilities, context).ConfigureAwait(false);
        }

        var key = proxylessPod ? ProxylessPodKey(node.Id, capabilities) : SidecarKey(node.Id);
        using (await HoldAsync(context).ConfigureAwait(false))
        {
            if (identity is not null && _published?.Index.Find(sidecar) is { } known && known.ServiceAccount != identity.ServiceAccount)
            {
                throw Denied(node.Id, identity, known);
            }

            if (!_sidecars.TryGetValue(key, out var entry))
            {
                _sidecars[key] = entry = new SidecarNode(sidecar, key, node.Id)
                {
                    Identity = identity,
                    Proxyless = proxylessPod ? capabilities : null,
                };
                if (_published is { } published)
                {
                    // First stream of this node: serve it from the last published model (and its index) at once.
                    var errors = new List<string>();
                    var build = new PublishBuild(published.Model, published.Index, _translator, _ownerMaps, _lastSnapshots);
                    var snapshot = SnapshotForNode(build, entry, errors);
                    if (errors.Count == 0 && (snapshot is null || _cache.Validate(snapshot).Count == 0))
                    {
                        KeepSourceFieldsOf(build);
                        Serve(node.Id, entry, snapshot);
                        foreach (var (memoKey, built) in build.Snapshots)
                        {
                            _lastSnapshots.TryAdd(memoKey, built);
                        }
                    }
                }
            }

            entry.Identity = identity ?? entry.Identity;
            entry.Streams++;
        }

        return key;
    }

    private static ProxyScope ProxylessScope(ProxyCapabilities capabilities) =>
        new() { Namespace = "", Kind = ProxyKind.ProxylessGrpc, Capabilities = capabilities };

    /// <summary>The key of the proxyless snapshot for <paramref name="capabilities"/>; the first client of a new
    /// capability set is served at once from the last published model.</summary>
    private async ValueTask<string> ResolveProxylessAsync(ProxyCapabilities capabilities, ServerCallContext context)
    {
        using (await HoldAsync(context).ConfigureAwait(false))
        {
            AddProxylessVariant(capabilities);
        }

        return ProxylessKeyFor(capabilities);
    }

    /// <summary>
    /// Builds the proxyless snapshot of <paramref name="capabilities"/> at every publish from now on, as a first client
    /// of that set does, and at once from the last published model: for readers of the snapshot that are not clients
    /// (tests, and the e2e fixtures that look at what is served). Returns its cache key.
    /// </summary>
    internal string ServeProxyless(ProxyCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        using (Hold())
        {
            AddProxylessVariant(capabilities);
        }

        return ProxylessKeyFor(capabilities);
    }

    /// <summary>Adds a proxyless variant under the server lock, serving it at once when a model was published.</summary>
    private void AddProxylessVariant(ProxyCapabilities capabilities)
    {
        if (!_proxylessVariants.Add(capabilities) || _published is not { } published)
        {
            return;
        }

        var errors = new List<string>();
        var build = new PublishBuild(published.Model, published.Index, _translator, _ownerMaps, _lastSnapshots);
        var snapshot = build.SnapshotFor(ProxylessScope(capabilities), errors);
        if (snapshot is not null && errors.Count == 0)
        {
            errors.AddRange(_cache.Validate(snapshot));
        }

        if (snapshot is not null && errors.Count == 0)
        {
            KeepSourceFieldsOf(build);
            _cache.SetSnapshot(ProxylessKeyFor(capabilities), snapshot);
        }
        else
        {
            // The client waits for the next publish, which builds this variant too and so refuses the model with these errors.
            _logger.LogWarning("proxyless config for {Capabilities} refused: {Errors}", capabilities.Key, string.Join("; ", errors));
        }
    }

    /// <summary>
    /// Adds to the published source fields the maps of a snapshot served between publishes (a proxy that connected
    /// since), so that its NACK names the MeshPolicy field at once rather than after the next publish. Under the server
    /// lock; copied on write, since status reconciles read the map without it.
    /// </summary>
    private void KeepSourceFieldsOf(PublishBuild build)
    {
        if (_published is not { } published)
        {
            return;
        }

        var missing = build.SourceMaps.Where(m => !published.SourceMaps.Contains(m)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var maps = new HashSet<IReadOnlyDictionary<string, string>>(published.SourceMaps, ReferenceEqualityComparer.Instance);
        maps.UnionWith(missing);
        Volatile.Write(ref _published, published with { SourceFields = PublishBuild.Merge(missing, published.SourceFields), SourceMaps = maps });
    }

    /// <inheritdoc />
    public void Release(string nodeId, string key)
    {
        using (Hold())
        {
            if (_sidecars.TryGetValue(key, out var entry) && entry.NodeId == nodeId && --entry.Streams <= 0)
            {
                _sidecars.Remove(key);
                MarkUnknown(entry, unknown: false);
                _cache.ClearSnapshot(key);
            }
        }
    }

    /// <summary>
    /// The node's snapshot, or null (an empty config) when its pod is unknown or when the pod that appeared runs as
    /// another ServiceAccount than the stream's certificate proved.
    /// </summary>
    private Snapshot? SnapshotForNode(PublishBuild build, SidecarNode node, List<string> errors)
    {
        if (build.Index.Find(node.Id) is not { } workload)
        {
            return null;
        }

        if (node.Identity is { } identity && identity.ServiceAccount != workload.ServiceAccount)
        {
            _logger.LogWarning("{Message}", Denied(node.Key, identity, workload).Status.Detail);
            return null;
        }

        var scope = build.Index.ScopeOf(workload);
        if (node.Proxyless is { } capabilities)
        {
            scope = scope with { Kind = ProxyKind.ProxylessGrpc, Capabilities = capabilities, PodIps = workload.Ip.Length > 0 ? [workload.Ip] : [] };
        }

        return build.SnapshotFor(scope, errors, workload);
    }

    private RpcException Denied(string nodeId, NodeIdentity identity, Workload workload)
    {
        var message = $"node '{nodeId}' names pod {workload.Namespace}/{workload.Name}, which runs as service account '{workload.ServiceAccount}', " +
            $"but the client certificate is {identity}";
        _logger.LogWarning("xDS stream refused (PermissionDenied): {Message}", message);
        return new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, message));
    }

    private void Serve(string nodeId, SidecarNode entry, Snapshot? snapshot)
    {
        if (entry.Unknown != (snapshot is null))
        {
            MarkUnknown(entry, unknown: snapshot is null);
        }

        if (snapshot is null)
        {
            if (!entry.Unknown)
            {
                _logger.LogWarning(
                    "xDS node '{NodeId}' names no known pod ({Pod} in {Namespace}): it gets an empty config until the pod appears",
                    nodeId, entry.Id.Pod, entry.Id.Namespace);
            }

            entry.Unknown = true;
            snapshot = Empty;
        }
        else
        {
            entry.Unknown = false;
        }

        if (!_cache.TryGetSnapshot(entry.Key, out var current) || !ReferenceEquals(current, snapshot))
        {
            _cache.SetSnapshot(entry.Key, snapshot);
        }
    }

    private void MarkUnknown(SidecarNode entry, bool unknown)
    {
        lock (_unknownGate)
        {
            if (unknown ? _unknownKeys.TryAdd(entry.Key, entry.NodeId) : _unknownKeys.Remove(entry.Key))
            {
                _unknownNodes = null;
            }
        }
    }

    private Held Hold()
    {
        _gate.Wait();
        return new Held(_gate);
    }

    private async ValueTask<Held> HoldAsync(ServerCallContext? context)
    {
        await _gate.WaitAsync(context?.CancellationToken ?? CancellationToken.None).ConfigureAwait(false);
        return new Held(_gate);
    }

    /// <summary>The server's lock, held until disposed.</summary>
    private readonly struct Held(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    private sealed class SidecarNode(SidecarNodeId id, string key, string nodeId)
    {
        public SidecarNodeId Id { get; } = id;

        public string Key { get; } = key;

        public string NodeId { get; } = nodeId;

        public int Streams { get; set; }

        public bool Unknown { get; set; }

        /// <summary>The capabilities of a proxyless gRPC pod (its user agent is a gRPC library); null for an Envoy.</summary>
        public ProxyCapabilities? Proxyless { get; init; }

        /// <summary>What the latest stream's client certificate proved (null on plaintext).</summary>
        public NodeIdentity? Identity { get; set; }
    }

    /// <param name="SourceMaps">The translations' source field maps merged into <paramref name="SourceFields"/> (by
    /// instance: scopes that see the same services share one).</param>
    private sealed record Published(MeshModel Model, WorkloadIndex Index, IReadOnlyDictionary<string, string> SourceFields,
        IReadOnlySet<IReadOnlyDictionary<string, string>> SourceMaps);
}
