using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning;

/// <summary>
/// One Service is governed by at most one MeshPolicy: the oldest policy (creationTimestamp, then name) that lists it
/// keeps it. Deciding by age makes the answer stable: a newly applied policy can never take a Service away.
/// </summary>
internal static class ServiceOwnership
{
    /// <summary>For each Service the planned policy lists and another, older policy also lists: that policy's name.</summary>
    public static IReadOnlyDictionary<string, string> ConflictsFor(MeshPolicy policy, IReadOnlyList<MeshPolicy> policies)
    {
        var conflicts = new Dictionary<string, string>(StringComparer.Ordinal);
        var mine = (policy.Spec.Services ?? []).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var other in policies.Where(p => p.Metadata.Name != policy.Metadata.Name && p.Metadata.DeletionTimestamp is null))
        {
            if (!IsOlder(other, policy))
            {
                continue;
            }
            foreach (var service in other.Spec.Services ?? [])
            {
                if (mine.Contains(service.Name))
                {
                    conflicts.TryAdd(service.Name, other.Metadata.Name);
                }
            }
        }
        return conflicts;
    }

    private static bool IsOlder(MeshPolicy a, MeshPolicy b)
    {
        var ta = a.Metadata.CreationTimestamp ?? DateTime.MaxValue;
        var tb = b.Metadata.CreationTimestamp ?? DateTime.MaxValue;
        return ta != tb ? ta < tb : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name) < 0;
    }
}
