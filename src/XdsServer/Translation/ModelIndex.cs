using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// Lookups over one model, computed once per model and shared by every proxy's translation: services sorted by
/// namespace and name, destinations resolved, retry budgets per cluster.
/// </summary>
internal sealed class ModelIndex
{
    private readonly Dictionary<ServiceRef, MeshService> _byRef;
    private readonly Dictionary<string, double> _retryBudgets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MeshService[]> _byNamespace;

    public ModelIndex(MeshModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Services = model.Services
            .OrderBy(s => s.Namespace, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToArray();
        _byRef = new Dictionary<ServiceRef, MeshService>();
        foreach (var service in Services)
        {
            _byRef.TryAdd(service.Ref, service);
        }
        _byNamespace = Services.GroupBy(s => s.Namespace, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        IndexRetryBudgets();
        SettingsVersion = ComputeSettingsVersion(model);
        ConfigVersion = ComputeConfigVersion(SettingsVersion, Services);
    }

    /// <summary>
    /// The content version of what is not any one service's: the trust domain and the per-namespace mTLS, egress and
    /// telemetry settings (a proxy's config reads those of its own namespace and, for its calls, of others).
    /// </summary>
    public ulong SettingsVersion { get; }

    /// <summary>
    /// The content version of the mesh's config: every service but its endpoints, and the per-namespace settings. Equal
    /// for two models that differ only in endpoints (and workloads, which the translator does not read).
    /// </summary>
    public ulong ConfigVersion { get; }

    /// <summary>The content versions of one service (memoized per instance).</summary>
    public ServiceVersion VersionOf(MeshService service) => ServiceVersion.Of(service);

    /// <summary>The retry budgets other routes put on the clusters of <paramref name="service"/>, as one hash.</summary>
    public ulong RetryBudgetsOf(MeshService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (_retryBudgets.Count == 0)
        {
            return 0;
        }
        var hash = new HashCode();
        foreach (var port in service.Ports)
        {
            foreach (var subset in service.Subsets.Select(s => s.Name).Prepend(null))
            {
                hash.Add(RetryBudget(XdsNames.OutboundCluster(port.Port, subset, service.Host)) ?? -1d);
            }
        }
        return (ulong)(uint)hash.ToHashCode();
    }

    /// <summary>
    /// The config versions of every service the routes of <paramref name="service"/> send or mirror to (what
    /// <see cref="Resolve"/> reads of them: ports, subsets, host), absent ones included as absent.
    /// </summary>
    public ulong DestinationsVersionOf(MeshService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var hash = default(ulong);
        foreach (var route in service.Routes)
        {
            var names = route.Backends.Select(b => (b.Service, b.Namespace));
            if (route.Mirror is { } mirror)
            {
                names = names.Append((mirror.Service, mirror.Namespace));
            }
            foreach (var (name, ns) in names)
            {
                if (name is null)
                {
                    continue; // the service itself: its own config version is in every key already
                }
                var target = Find(new ServiceRef(ns ?? service.Namespace, name));
                hash = (hash * 0x9E3779B185EBCA87UL) ^ (target is null ? 0x5bd1e995UL : VersionOf(target).Config);
            }
        }
        return hash;
    }

    /// <summary>
    /// What a proxy's config reads of <paramref name="services"/>, as one hash: each one's config version and the retry
    /// budgets other services' routes put on its clusters (an input of its clusters that is not its own). Order and
    /// duplicates count. Route destinations need no part of their own here: a proxy's visible services are closed over
    /// them, and the services it serves are read for their own config only.
    /// </summary>
    public ulong ConfigVersionOf(IReadOnlyList<MeshService> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // A service's config version hashes its whole config, names included: no ref needs hashing beside it.
        var hash = (ulong)services.Count;
        foreach (var service in services)
        {
            hash = Mix(Mix(hash, VersionOf(service).Config), RetryBudgetsOf(service));
        }
        return hash;
    }

    private static ulong Mix(ulong hash, ulong part) => (hash * 0x9E3779B185EBCA87UL) ^ part;

    private static ulong ComputeSettingsVersion(MeshModel model) => ServiceVersion.HashOfJson<object[]>(
    [
        model.TrustDomain,
        model.MtlsByNamespace.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray(),
        model.EgressByNamespace.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray(),
        model.DefaultEgress,
        model.ObservabilityByNamespace.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray(),
    ]);

    private static ulong ComputeConfigVersion(ulong settings, IReadOnlyList<MeshService> services)
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(settings);
            foreach (var service in services)
            {
                // Every service instance, in order: duplicates of a ref count too (the first one wins in lookups).
                writer.WriteStringValue(service.Namespace);
                writer.WriteStringValue(service.Name);
                writer.WriteNumberValue(ServiceVersion.Of(service).Config);
            }
            writer.WriteEndArray();
        }
        return ServiceVersion.HashOf(stream.GetBuffer().AsSpan(0, (int)stream.Length));
    }

    public MeshModel Model { get; }

    /// <summary>Every service, ordered by namespace then name (ordinal).</summary>
    public IReadOnlyList<MeshService> Services { get; }

    public MeshService? Find(ServiceRef reference) => _byRef.GetValueOrDefault(reference);

    /// <summary>The services of one namespace, in <see cref="Services"/> order.</summary>
    public IReadOnlyList<MeshService> ServicesIn(string ns) => _byNamespace.GetValueOrDefault(ns) ?? [];

    /// <summary>The highest retry budget any route sending to <paramref name="clusterName"/> asks for.</summary>
    public double? RetryBudget(string clusterName) =>
        _retryBudgets.TryGetValue(clusterName, out var budget) ? budget : null;

    /// <summary>
    /// Resolves a destination named relative to <paramref name="from"/> routed on <paramref name="routedPort"/>:
    /// another service defaults to the same namespace, a missing port to the routed port number when the destination
    /// has it, else to its only port. Null when nothing matches (the planner reports it; the translator never throws).
    /// </summary>
    public ResolvedDestination? Resolve(MeshService from, ServicePort routedPort, string? service, string? ns, string? subset, int? port)
    {
        var target = service is null ? from : Find(new ServiceRef(ns ?? from.Namespace, service));
        if (target is null)
        {
            return null;
        }
        var wanted = port ?? routedPort.Port;
        var targetPort = target.Ports.FirstOrDefault(p => p.Port == wanted)
            ?? (port is null && target.Ports.Count == 1 ? target.Ports[0] : null);
        if (targetPort is null)
        {
            return null;
        }
        if (subset is not null && target.Subsets.All(s => s.Name != subset))
        {
            return null;
        }
        return new ResolvedDestination(target, targetPort, subset);
    }

    /// <summary>The destinations a service's routes on <paramref name="port"/> reach (backends and mirrors).</summary>
    public IEnumerable<ResolvedDestination> RouteDestinations(MeshService service, ServicePort port)
    {
        foreach (var route in service.Routes)
        {
            foreach (var backend in route.Backends)
            {
                if (Resolve(service, port, backend.Service, backend.Namespace, backend.Subset, backend.Port) is { } d)
                {
                    yield return d;
                }
            }
            if (route.Mirror is { } mirror
                && Resolve(service, port, mirror.Service, mirror.Namespace, mirror.Subset, mirror.Port) is { } m)
            {
                yield return m;
            }
        }
    }

    private void IndexRetryBudgets()
    {
        foreach (var service in Services)
        {
            foreach (var port in service.Ports.Where(p => p.IsHttp))
            {
                foreach (var route in service.Routes)
                {
                    if (route.Retries?.BudgetPercent is not { } budget)
                    {
                        continue;
                    }
                    var targets = route.Backends.Count == 0
                        ? [new ResolvedDestination(service, port, null)]
                        : route.Backends
                            .Select(b => Resolve(service, port, b.Service, b.Namespace, b.Subset, b.Port))
                            .OfType<ResolvedDestination>();
                    foreach (var target in targets)
                    {
                        var name = target.ClusterName;
                        _retryBudgets[name] = Math.Max(budget, _retryBudgets.GetValueOrDefault(name));
                    }
                }
            }
        }
    }
}
