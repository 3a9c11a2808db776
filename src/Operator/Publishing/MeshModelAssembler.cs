using Mesh.XdsServer.Model;

namespace Mesh.Operator.Publishing;

/// <summary>
/// Pure: the accepted configs of every MeshPolicy merged into the one mesh model the xDS server serves. The publisher
/// serves it; what-if builds it twice (with and without a proposed policy) to compare, so both must merge the same way.
/// </summary>
public static class MeshModelAssembler
{
    public static MeshModel Assemble(IEnumerable<PublishedPolicy> published)
    {
        ArgumentNullException.ThrowIfNull(published);
        var policies = published.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        return new MeshModel
        {
            // No version: endpoints and pods change without a new policy generation, so the translator must not reuse
            // an earlier translation by name. It is incremental by content instead: services are versioned by their
            // content (kept instances of unchanged policies are not even hashed again), so an endpoint-only change
            // builds only ClusterLoadAssignments and a route change only what that service's routes touch.
            Version = "",
            TrustDomain = policies.FirstOrDefault()?.TrustDomain ?? "cluster.local",
            Services = policies.SelectMany(p => p.Services).ToList(),
            EgressByNamespace = policies.GroupBy(p => p.Namespace).ToDictionary(g => g.Key, g => g.First().Egress),
            MtlsByNamespace = policies.GroupBy(p => p.Namespace).ToDictionary(g => g.Key, g => g.First().Mtls),
            ObservabilityByNamespace = policies.GroupBy(p => p.Namespace).ToDictionary(g => g.Key, g => g.First().Observability),
            Workloads = MergeWorkloads(policies),
            Policies = policies.Select(p => new MeshPolicyRef { Namespace = p.Namespace, Name = p.Name, Generation = p.Generation }).ToList(),
        };
    }

    /// <summary>
    /// Several policies of one namespace each send the namespace's pods: a pod is taken from the policy that selects
    /// it, else from any (the latest publish of a namespace knows its pods best, and they agree on everything else).
    /// </summary>
    private static List<Workload> MergeWorkloads(IEnumerable<PublishedPolicy> policies)
    {
        var merged = new Dictionary<(string, string), Workload>();
        foreach (var workload in policies.SelectMany(p => p.Workloads))
        {
            var key = (workload.Namespace, workload.Name);
            if (!merged.TryGetValue(key, out var known) || (known.Policy is null && workload.Policy is not null))
            {
                merged[key] = workload;
            }
        }
        return merged.Values.ToList();
    }
}
