using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Config;

/// <summary>
/// Resolves sidecar node ids to proxy scopes over one model (pure, built once per model). The scope holds only the
/// pod labels that some Service selector of its namespace reads, so that replicas differing in pod-template-hash and
/// the like share one scope (and one snapshot); inbound services are decided by selectors, never by EndpointSlices.
/// Public so that tools that must scope a sidecar exactly as the server does (what-if) call this rather than copy it.
/// </summary>
public sealed class WorkloadIndex
{
    private readonly Dictionary<(string Namespace, string Pod), Workload> _byPod = new();
    private readonly Dictionary<string, HashSet<string>> _selectorKeys = new(StringComparer.Ordinal);
    // Services with a policy and a selector, filed under one pair of their selector (namespace, key, value), in model
    // order: a scope looks up its own few labels instead of testing every selector of its namespace.
    private readonly Dictionary<(string Namespace, string Key, string Value), List<(int Order, MeshService Service)>> _selectedBy = new();
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

        for (var i = 0; i < model.Services.Count; i++)
        {
            var service = model.Services[i];
            if (service.Policy is null || service.Selector.Count == 0)
            {
                continue;
            }

            var (key, value) = service.Selector.First();
            if (!_selectedBy.TryGetValue((service.Namespace, key, value), out var filed))
            {
                _selectedBy[(service.Namespace, key, value)] = filed = [];
            }
            filed.Add((i, service));
        }

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
    internal IEnumerable<MeshPolicyRef> InboundPolicies(ProxyScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        List<(int Order, MeshService Service)>? selected = null;
        foreach (var (key, value) in scope.Labels)
        {
            if (!_selectedBy.TryGetValue((scope.Namespace, key, value), out var filed))
            {
                continue;
            }

            foreach (var candidate in filed)
            {
                if (candidate.Service.Selector.All(s => scope.Labels.TryGetValue(s.Key, out var v) && v == s.Value))
                {
                    (selected ??= []).Add(candidate);
                }
            }
        }

        if (selected is null)
        {
            return [];
        }

        // In model order, as a walk over the namespace's services would give them.
        selected.Sort((a, b) => a.Order.CompareTo(b.Order));
        return selected.Select(c => Policy(c.Service.Namespace, c.Service.Policy!)).OfType<MeshPolicyRef>();
    }

    /// <summary>A policy named <c>namespace/name</c> or by name within <paramref name="ns"/>, when the model holds it.</summary>
    internal MeshPolicyRef? Policy(string ns, string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var key = slash < 0 ? (ns, reference) : (reference[..slash], reference[(slash + 1)..]);
        return _policies.GetValueOrDefault(key);
    }

}
