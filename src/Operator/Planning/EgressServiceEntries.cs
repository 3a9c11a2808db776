namespace Mesh.Operator.Planning;

/// <summary>How an <c>egress.services</c> entry reads: <c>namespace/name</c> or <c>namespace/*</c>, where the namespace
/// <c>.</c> is the policy's own.</summary>
internal static class EgressServiceEntries
{
    /// <summary><paramref name="entry"/> with <c>./</c> replaced by <paramref name="policyNamespace"/>.</summary>
    public static string Resolve(string entry, string policyNamespace) =>
        entry.StartsWith("./", StringComparison.Ordinal) ? policyNamespace + entry[1..] : entry;
}
