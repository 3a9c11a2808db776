using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Admission.Policies;

/// <summary>
/// The stored policies, each with its bindings, compiled once per resourceVersion at first use (as the apiserver's
/// policy informers keep compiled evaluators): later writes compile nothing. Unbound policies are never compiled.
/// Sorted by name, so the first denial reported is deterministic.
/// </summary>
internal sealed class StorePolicySource(ObjectStore store)
{
    private static readonly ResourceTypeKey Policies = new("admissionregistration.k8s.io", "validatingadmissionpolicies");
    private static readonly ResourceTypeKey Bindings = new("admissionregistration.k8s.io", "validatingadmissionpolicybindings");

    private readonly ConcurrentDictionary<string, (long Version, ValidatingPolicy? Policy)> _policies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Version, PolicyBinding? Binding)> _bindings = new(StringComparer.Ordinal);

    /// <summary>Each bound policy with its bindings; a binding naming a missing policy is ignored, as the real one is.</summary>
    public IReadOnlyList<(ValidatingPolicy Policy, IReadOnlyList<PolicyBinding> Bindings)> Bound()
    {
        var storedBindings = store.List(Bindings, null);
        if (storedBindings.Count == 0)
        {
            return [];
        }

        Prune(_bindings, storedBindings);
        var storedPolicies = store.List(Policies, null);
        Prune(_policies, storedPolicies);
        var bindings = storedBindings
            .Select(stored => Cached(_bindings, stored, json => PolicyParser.Binding(json).Binding))
            .OfType<PolicyBinding>()
            .GroupBy(b => b.PolicyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PolicyBinding>)g.OrderBy(b => b.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        return storedPolicies
            .Where(stored => bindings.ContainsKey(stored.Name))
            .Select(stored => Cached(_policies, stored, json => PolicyParser.Policy(json).Policy))
            .OfType<ValidatingPolicy>()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => (p, bindings[p.Name]))
            .ToList();
    }

    /// <summary>Forgets what was deleted, so the cache holds no more than the store.</summary>
    private static void Prune<T>(ConcurrentDictionary<string, (long Version, T? Value)> cache, List<StoredObject> stored)
    {
        if (cache.Count <= stored.Count)
        {
            return;
        }

        var names = stored.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in cache.Keys.Where(n => !names.Contains(n)).ToList())
        {
            cache.TryRemove(name, out _);
        }
    }

    private static T? Cached<T>(ConcurrentDictionary<string, (long Version, T? Value)> cache, StoredObject stored, Func<JsonObject, T?> parse)
        where T : class
    {
        if (cache.TryGetValue(stored.Name, out var entry) && entry.Version == stored.ResourceVersion)
        {
            return entry.Value;
        }

        // Parsed from the frozen JSON bytes: safe outside the store gate. Stored objects passed validation, so a
        // null here is an object stored before this API checked it; it matches nothing.
        var value = parse(JsonNode.Parse(stored.Json)!.AsObject());
        cache[stored.Name] = (stored.ResourceVersion, value);
        return value;
    }
}
