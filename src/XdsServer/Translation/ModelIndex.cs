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
        IndexRetryBudgets();
    }

    public MeshModel Model { get; }

    /// <summary>Every service, ordered by namespace then name (ordinal).</summary>
    public IReadOnlyList<MeshService> Services { get; }

    public MeshService? Find(ServiceRef reference) => _byRef.GetValueOrDefault(reference);

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
