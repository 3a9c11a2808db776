namespace Mesh.Operator.Planning;

/// <summary>How an <c>egress.services</c> entry reads: <c>namespace/name</c> or <c>namespace/*</c>, where the namespace
/// <c>.</c> is the policy's own.</summary>
public static class EgressServiceEntries
{
    /// <summary><paramref name="entry"/> with <c>./</c> replaced by <paramref name="policyNamespace"/>.</summary>
    public static string Resolve(string entry, string policyNamespace) =>
        entry.StartsWith("./", StringComparison.Ordinal) ? policyNamespace + entry[1..] : entry;

    /// <summary>
    /// The single Services of other namespaces that <paramref name="policies"/> (of <paramref name="policyNamespace"/>)
    /// name, as <c>namespace/name</c>: the ones whose absence the planner can only report when it is told which exist.
    /// </summary>
    public static IEnumerable<(string Namespace, string Name)> NamedElsewhere(IEnumerable<Entities.MeshPolicy> policies, string policyNamespace)
    {
        foreach (var policy in policies)
        {
            foreach (var entry in policy.Spec?.Egress?.Services ?? [])
            {
                var resolved = Resolve(entry, policyNamespace);
                var slash = resolved.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0 && resolved[..slash] != policyNamespace && resolved[(slash + 1)..] is var name && name.Length > 0 && name != "*")
                {
                    yield return (resolved[..slash], name);
                }
            }
        }
    }
}
