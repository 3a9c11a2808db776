namespace Mesh.LocalCluster.Patching;

/// <summary>How strategic merge patch treats one list field.</summary>
/// <param name="MergeKey">The key elements are matched by; null for a merged list of primitives (a set).</param>
internal sealed record ListStrategy(string? MergeKey);
