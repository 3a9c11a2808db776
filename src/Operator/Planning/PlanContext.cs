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
        SelectedPods = state.Pods
            .Where(p => p.Metadata.DeletionTimestamp is null && LabelSelectorMatcher.Matches(selector, p.Metadata.Labels))
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        Conflicts = ServiceOwnership.ConflictsFor(policy, state.Policies);
    }

    public MeshPolicy Policy { get; }

    public NamespaceState State { get; }

    public string Namespace => Policy.Metadata.NamespaceProperty;

    public IReadOnlyList<ServicePolicy> Entries => Policy.Spec.Services is { } services ? [.. services] : [];

    public IReadOnlyDictionary<string, V1Service> ServicesByName { get; }

    public IReadOnlyDictionary<string, V1Pod> PodsByName { get; }

    /// <summary>Pods the policy's workload selector picks (they get a sidecar and an identity).</summary>
    public IReadOnlyList<V1Pod> SelectedPods { get; }

    /// <summary>Service name -> the older policy that governs it.</summary>
    public IReadOnlyDictionary<string, string> Conflicts { get; }

    /// <summary>Pods a Service's selector picks.</summary>
    public IEnumerable<V1Pod> PodsOf(V1Service service) =>
        State.Pods.Where(p => LabelSelectorMatcher.MatchesServiceSelector(service.Spec?.Selector, p.Metadata.Labels));
}
