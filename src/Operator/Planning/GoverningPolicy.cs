using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning;

/// <summary>
/// Which MeshPolicy's sidecar a pod gets: among the policies of its namespace whose workload selector matches its
/// labels, the oldest (creationTimestamp, then name), as for Service ownership. A policy being deleted governs nothing.
/// </summary>
public static class GoverningPolicy
{
    public static MeshPolicy? Of(IDictionary<string, string>? podLabels, IEnumerable<MeshPolicy> namespacePolicies)
    {
        ArgumentNullException.ThrowIfNull(namespacePolicies);
        return Selecting(podLabels, namespacePolicies).FirstOrDefault();
    }

    /// <summary>Every policy selecting the pod, oldest first.</summary>
    public static IEnumerable<MeshPolicy> Selecting(IDictionary<string, string>? podLabels, IEnumerable<MeshPolicy> namespacePolicies) =>
        namespacePolicies
            .Where(p => p.Metadata.DeletionTimestamp is null
                        && LabelSelectorMatcher.Matches(MeshPolicyDefaults.SelectorOf(p.Spec ?? new MeshPolicySpec()), podLabels))
            .OrderBy(p => p.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal);
}
