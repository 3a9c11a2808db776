using System.Runtime.CompilerServices;
using Envoy.Config.Endpoint.V3;
using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// An EDS list after an endpoint-only change: the last list with the changed services' load assignments put in their
/// places. The places (cluster name -> index) depend on names only, so they are computed once per config and handed
/// from each list to its patched successor.
/// </summary>
internal static class EndpointPatch
{
    private static readonly ConditionalWeakTable<IReadOnlyList<ClusterLoadAssignment>, Dictionary<string, int>> Positions = new();

    /// <summary>The patched list; <paramref name="last"/> itself when none of its assignments changed; null when the list
    /// cannot be patched (a cluster name twice, or a changed assignment with no place in it) and must be built.</summary>
    public static IReadOnlyList<ClusterLoadAssignment>? TryApply(IReadOnlyList<ClusterLoadAssignment> last, IReadOnlyList<MeshService> changed,
        Func<MeshService, IReadOnlyList<ClusterLoadAssignment>> ofService)
    {
        var positions = Positions.GetValue(last, IndexOf);
        if (positions.Count != last.Count)
        {
            return null;
        }

        ClusterLoadAssignment[]? patched = null;
        foreach (var service in changed)
        {
            foreach (var assignment in ofService(service))
            {
                if (!positions.TryGetValue(assignment.ClusterName, out var at))
                {
                    return null;
                }
                if (!ReferenceEquals(last[at], assignment))
                {
                    patched ??= [.. last];
                    patched[at] = assignment;
                }
            }
        }
        if (patched is null)
        {
            return last;
        }
        Positions.AddOrUpdate(patched, positions);
        return patched;
    }

    private static Dictionary<string, int> IndexOf(IReadOnlyList<ClusterLoadAssignment> list)
    {
        var positions = new Dictionary<string, int>(list.Count, StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            positions.TryAdd(list[i].ClusterName, i);
        }
        return positions;
    }
}
