using System.Runtime.CompilerServices;

namespace Mesh.XdsServer.Config;

/// <summary>
/// The owner map of a snapshot (resource name -> label of the policy that produced it) and the owner labels, built once
/// per source-policy map of the translator and kept across publishes. The translator keeps that map's instance for as
/// long as the mesh's config is the same (it does not depend on endpoints), so an endpoint-only publish finds every
/// scope's map here instead of rebuilding it per scope. An entry is used only with the same set of policies in the model
/// (the owners name policies that exist); it goes with the map instance it was built from.
/// </summary>
internal sealed class ScopeOwnerMaps
{
    private readonly ConditionalWeakTable<IReadOnlyDictionary<string, string>, Entry> _byMap = new();

    /// <summary>
    /// Owners and their distinct labels for <paramref name="sourcePolicies"/> (resource name -> <c>namespace/policy</c>),
    /// against the policies of <paramref name="index"/> (identified by <paramref name="policiesKey"/>).
    /// </summary>
    public (IReadOnlyDictionary<string, string> Owners, IReadOnlyList<string> Labels) For(
        IReadOnlyDictionary<string, string> sourcePolicies, WorkloadIndex index, string policiesKey)
    {
        if (_byMap.TryGetValue(sourcePolicies, out var known) && known.PoliciesKey == policiesKey)
        {
            return (known.Owners, known.Labels);
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, reference) in sourcePolicies)
        {
            if (index.Policy("", reference) is { } policy)
            {
                owners[name] = policy.Label;
            }
        }

        var entry = new Entry(policiesKey, owners, owners.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
        _byMap.AddOrUpdate(sourcePolicies, entry);
        return (entry.Owners, entry.Labels);
    }

    private sealed record Entry(string PoliciesKey, IReadOnlyDictionary<string, string> Owners, IReadOnlyList<string> Labels);
}
