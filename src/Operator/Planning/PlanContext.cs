using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning;

/// <summary>The planner's input with its lookups built once, shared by every rule and builder of one plan.</summary>
internal sealed class PlanContext
{
    public PlanContext(MeshPolicy policy, NamespaceState state)
    {
        Policy = policy;
        State = state;
        ServicesByName = state.Services.ToDictionary(s => s.Metadata.Name, StringComparer.Ordinal);
        PodsByName = state.Pods.ToDictionary(p => p.Metadata.Name, StringComparer.Ordinal);
        var selector = MeshPolicyDefaults.SelectorOf(policy.Spec);
        // A pod an older policy also selects runs that policy's sidecar (GoverningPolicy, as the injector decides): this
        // policy issues it no identity and serves it no config. WorkloadsReady names such pods (SelectedByOlderPolicy).
        var namespacePolicies = state.Policies.Where(p => p.Metadata.Name != policy.Metadata.Name).Append(policy).ToList();
        SelectedPods = state.Pods
            .Where(p => p.Metadata.DeletionTimestamp is null && LabelSelectorMatcher.Matches(selector, p.Metadata.Labels))
            .Where(p => namespacePolicies.Count == 1 || GoverningPolicy.Of(p.Metadata.Labels, namespacePolicies)?.Metadata.Name == policy.Metadata.Name)
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        Conflicts = ServiceOwnership.ConflictsFor(policy, state.Policies);
        Entries = policy.Spec.Services is { } services ? [.. services] : [];
        SlicesByService = state.EndpointSlices
            .Where(s => s.Metadata?.Labels is { } l && l.ContainsKey(EndpointCollector.ServiceNameLabel))
            .ToLookup(s => s.Metadata.Labels[EndpointCollector.ServiceNameLabel], StringComparer.Ordinal);
    }

    public MeshPolicy Policy { get; }

    public NamespaceState State { get; }

    public string Namespace => Policy.Metadata.NamespaceProperty;

    /// <summary>The policy's service entries (copied once: rules index them in loops).</summary>
    public IReadOnlyList<ServicePolicy> Entries { get; }

    /// <summary>EndpointSlices by the Service they belong to (kubernetes.io/service-name).</summary>
    public ILookup<string, V1EndpointSlice> SlicesByService { get; }

    public IReadOnlyDictionary<string, V1Service> ServicesByName { get; }

    public IReadOnlyDictionary<string, V1Pod> PodsByName { get; }

    /// <summary>Pods the policy governs: its workload selector picks them and no older policy does (they get its sidecar and an identity).</summary>
    public IReadOnlyList<V1Pod> SelectedPods { get; }

    /// <summary>Service name -> the older policy that governs it.</summary>
    public IReadOnlyDictionary<string, string> Conflicts { get; }

    /// <summary>Pods a Service's selector picks (computed once per Service: several rules and builders ask).</summary>
    public IReadOnlyList<V1Pod> PodsOf(V1Service service)
    {
        if (!_podsByService.TryGetValue(service.Metadata.Name, out var pods))
        {
            var selector = service.Spec?.Selector;
            // Candidates come from an index on one selector term, so a namespace of N services and M pods costs
            // about N x (pods per service), not N x M.
            var candidates = selector is { Count: > 0 } && PodsByLabel.TryGetValue(selector.First().Key + "=" + selector.First().Value, out var indexed)
                ? indexed
                : [];
            pods = candidates.Where(p => LabelSelectorMatcher.MatchesServiceSelector(selector, p.Metadata.Labels)).ToList();
            _podsByService[service.Metadata.Name] = pods;
        }
        return pods;
    }

    private readonly Dictionary<string, IReadOnlyList<V1Pod>> _podsByService = new(StringComparer.Ordinal);

    private Dictionary<string, List<V1Pod>> PodsByLabel => _podsByLabel ??= IndexPodsByLabel(State.Pods);

    private Dictionary<string, List<V1Pod>>? _podsByLabel;

    private static Dictionary<string, List<V1Pod>> IndexPodsByLabel(IEnumerable<V1Pod> pods)
    {
        var index = new Dictionary<string, List<V1Pod>>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            foreach (var (key, value) in pod.Metadata.Labels ?? new Dictionary<string, string>())
            {
                var term = key + "=" + value;
                if (!index.TryGetValue(term, out var list))
                {
                    index[term] = list = [];
                }
                list.Add(pod);
            }
        }
        return index;
    }
}
