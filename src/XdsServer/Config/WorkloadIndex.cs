using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Config;

/// <summary>
/// Resolves sidecar node ids to proxy scopes over one model (pure, built once per model). The scope holds only the
/// pod labels that some Service selector of its namespace reads, so that replicas differing in pod-template-hash and
/// the like share one scope (and one snapshot); inbound services are decided by selectors, never by EndpointSlices.
/// </summary>
internal sealed class WorkloadIndex
{
    private readonly Dictionary<(string Namespace, string Pod), Workload> _byPod = new();
    private readonly Dictionary<string, HashSet<string>> _selectorKeys = new(StringComparer.Ordinal);
    private readonly ILookup<string, MeshService> _servicesByNamespace;
    private readonly Dictionary<(string Namespace, string Name), MeshPolicyRef> _policies = new();
    // Per namespace with an egress policy, computed once per model; read-only afterwards.
    private readonly Dictionary<string, IReadOnlyList<ServiceRef>?> _dependencies = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<ServiceRef>? _defaultDependencies;

    /// <param name="model">The model indexed.</param>
    /// <param name="prior">The last model's index: a namespace's dependency list equal to its is that same instance, so
    /// scopes compare by reference across publishes (a scoped sidecar's list holds every service it sees).</param>
    public WorkloadIndex(MeshModel model, WorkloadIndex? prior = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (ns, egress) in model.EgressByNamespace)
        {
            var refs = egress.DependenciesAmong(model.Services);
            _dependencies[ns] = refs is not null && prior?._dependencies.GetValueOrDefault(ns) is { } kept && kept.SequenceEqual(refs) ? kept : refs;
        }

        _defaultDependencies = model.DefaultEgress.DependenciesAmong(model.Services);

        foreach (var workload in model.Workloads)
        {
            _byPod[(workload.Namespace, workload.Name)] = workload;
        }

        foreach (var service in model.Services)
        {
            if (!_selectorKeys.TryGetValue(service.Namespace, out var keys))
            {
                _selectorKeys[service.Namespace] = keys = new HashSet<string>(StringComparer.Ordinal);
            }

            keys.UnionWith(service.Selector.Keys);
        }

        _servicesByNamespace = model.Services.ToLookup(s => s.Namespace, StringComparer.Ordinal);
        foreach (var policy in model.Policies)
        {
            _policies[(policy.Namespace, policy.Name)] = policy;
        }
    }

    /// <summary>The workload a sidecar node names, or null when no such pod is known.</summary>
    public Workload? Find(SidecarNodeId node) => _byPod.GetValueOrDefault((node.Namespace, node.Pod));

    /// <summary>The scope of a sidecar running in <paramref name="workload"/>.</summary>
    public ProxyScope ScopeOf(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var keys = _selectorKeys.GetValueOrDefault(workload.Namespace);
        var labels = keys is null
            ? new Dictionary<string, string>()
            : workload.Labels.Where(l => keys.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        return new ProxyScope
        {
            Namespace = workload.Namespace,
            ServiceAccount = workload.ServiceAccount,
            Labels = labels,
            Kind = ProxyKind.Sidecar,
            Locality = workload.Locality,
            Dependencies = DependenciesOf(workload.Namespace),
        };
    }

    /// <summary>The services a sidecar of <paramref name="ns"/> is configured for (its namespace's
    /// <see cref="EgressPolicy.Services"/>), one list per namespace so that its sidecars share scopes; null = all.</summary>
    private IReadOnlyList<ServiceRef>? DependenciesOf(string ns) =>
        _dependencies.TryGetValue(ns, out var refs) ? refs : _defaultDependencies;

    /// <summary>The policies whose services a sidecar of <paramref name="scope"/> serves inbound (selector contained in its labels).</summary>
    public IEnumerable<MeshPolicyRef> InboundPolicies(ProxyScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        foreach (var service in _servicesByNamespace[scope.Namespace])
        {
            if (service.Policy is { } name
                && service.Selector.Count > 0
                && service.Selector.All(s => scope.Labels.TryGetValue(s.Key, out var v) && v == s.Value)
                && Policy(service.Namespace, name) is { } policy)
            {
                yield return policy;
            }
        }
    }

    /// <summary>A policy named <c>namespace/name</c> or by name within <paramref name="ns"/>, when the model holds it.</summary>
    public MeshPolicyRef? Policy(string ns, string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var key = slash < 0 ? (ns, reference) : (reference[..slash], reference[(slash + 1)..]);
        return _policies.GetValueOrDefault(key);
    }

}
